"""What an upload is, from its bytes: accepted formats, broken files, malicious content."""

import pytest

from motcua.dossiers.files import JPEG, PDF, PNG, file_check

PDF_OK = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param(PDF_OK, PDF, id="a plain PDF"),
        pytest.param(b"\xff\xd8\xff\xe0" + b"\x00" * 20 + b"\xff\xd9", JPEG, id="a JPEG"),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + b"IEND\xaeB`\x82", PNG, id="a PNG"),
        pytest.param(
            PDF_OK.replace(b"/Pages", b"/JSON_like_name /Pages"),
            PDF,
            id="a longer name that merely starts with /JS is fine",
        ),
    ],
)
def test_accepted(data, content_type):
    check = file_check(data)
    assert check.ok and check.content_type == content_type


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        pytest.param(b"", "rỗng", id="empty"),
        pytest.param(
            b"MZ\x90\x00 this is a Windows program",
            "PDF, JPEG hoặc PNG",
            id="an executable renamed .pdf",
        ),
        pytest.param(b"%PDF-1.4\n1 0 obj", "hỏng", id="a truncated PDF"),
        pytest.param(EICAR, "mã độc", id="the EICAR anti-virus test file"),
        pytest.param(
            PDF_OK.replace(b"%%EOF", EICAR + b"\n%%EOF"), "mã độc", id="EICAR hidden in a PDF"
        ),
        pytest.param(
            PDF_OK.replace(b"/Pages 2 0 R", b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
            "JavaScript",
            id="a PDF that runs JavaScript when opened",
        ),
        pytest.param(
            PDF_OK.replace(b"/Pages 2 0 R", b"/OpenAction<</S/Launch/F(cmd.exe)>>"),
            "Launch",
            id="a PDF that launches a program",
        ),
        pytest.param(
            PDF_OK.replace(b"/Pages 2 0 R", b"/Names<</EmbeddedFiles 3 0 R>>"),
            "EmbeddedFile",
            id="a PDF carrying attached files",
        ),
    ],
)
def test_refused_with_a_vietnamese_reason(data, needle):
    check = file_check(data)
    assert not check.ok
    assert needle in check.problem and check.problem_en
