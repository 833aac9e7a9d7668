// Progressive enhancement: ask through the API and append the answer; any failure falls
// back to the plain GET form, which renders the answer page on the server.
(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  document.querySelectorAll("form[data-assistant]").forEach(function (form) {
    var log = form.parentNode.querySelector(".assistant-log");
    form.addEventListener("submit", function (ev) {
      if (!window.fetch || !log) return;
      ev.preventDefault();
      var q = form.elements.q.value.trim();
      if (!q) return;
      var btn = form.querySelector("button");
      var wait = el("p", "assistant-wait", form.dataset.wait);
      log.appendChild(el("p", "assistant-q", q));
      log.appendChild(wait);
      btn.disabled = true;
      var ctl = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (ctl) ctl.abort(); }, 20000);
      fetch(form.dataset.api, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: q, mode: form.elements.mode.value }),
        signal: ctl ? ctl.signal : undefined
      }).then(function (r) {
        return r.json().then(function (d) { return { ok: r.ok, d: d }; });
      }).then(function (res) {
        var box = el("div", "assistant-a" + (res.d.confident === false ? " unsure" : ""));
        if (!res.ok) {
          box.appendChild(el("p", "assistant-error", (res.d.error || {}).message || "?"));
        } else {
          box.appendChild(el("p", "txt", res.d.answer));
          var seen = {}, src = el("p", "assistant-src", form.dataset.src + " ");
          (res.d.citations || []).forEach(function (c) {
            if (seen[c.code]) return;
            seen[c.code] = 1;
            var a = el("a", "", c.code);
            a.href = c.url;
            a.title = c.name;
            src.appendChild(a);
            src.appendChild(document.createTextNode(" "));
          });
          if (res.d.citations && res.d.citations.length) box.appendChild(src);
        }
        log.replaceChild(box, wait);
        log.scrollTop = log.scrollHeight;
        form.elements.q.value = "";
      }).catch(function () {
        form.submit();
      }).then(function () {
        clearTimeout(timer);
        btn.disabled = false;
      });
    });
  });
})();
