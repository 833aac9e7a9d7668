"""Answers for each intent, built from the fixture catalog's exact facts."""

from motcua.assistant.ask import ask


def test_fee_answer_states_the_catalog_fee_and_cites_fees(fixture_index):
    answer = ask(fixture_index, "lệ phí cấp giấy phép bức xạ x quang bao nhiêu")
    assert answer.intent == "fee" and answer.confident
    assert answer.procedures[0]["code"] == "1.004447"
    assert "Phí thẩm định cấp giấy phép: 1.000.000 đồng" in answer.answer
    assert answer.citations == [
        {
            "code": "1.004447",
            "name": fixture_index.by_code("1.004447")["name"],
            "field": "fees",
            "url": "/procedures/1.004447/",
        }
    ]


def test_no_fee_is_said_plainly(fixture_index):
    answer = ask(fixture_index, "dang ky khai sinh co mat phi khong")
    assert answer.intent == "fee"
    assert "Không thu phí, lệ phí." in answer.answer


def test_time_answers_use_the_unit_of_the_catalog(fixture_index):
    cases = {
        "giay phep buc xa mat bao lau": "10 ngày làm việc",
        "giấy phép bưu chính bao lâu thì có": "30 ngày.",
        "chứng thực bản sao mất bao lâu": "2 giờ làm việc",
        "đăng ký khai sinh mấy ngày": "trong ngày; nếu tiếp nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo",
    }
    for question, fact in cases.items():
        answer = ask(fixture_index, question)
        assert answer.intent == "time", question
        assert fact in answer.answer, (question, answer.answer)
        assert answer.citations[0]["field"] == "processing_time"


def test_documents_list_originals_and_copies(fixture_index):
    answer = ask(fixture_index, "giấy phép bức xạ cần giấy tờ gì")
    assert answer.intent == "documents"
    assert "- Đơn đề nghị cấp giấy phép (Mẫu 01): 1 bản chính" in answer.answer
    assert "- Chứng chỉ nhân viên bức xạ: 1 bản sao" in answer.answer


def test_where_names_authority_level_and_boundary_free(fixture_index):
    answer = ask(fixture_index, "dang ky khai sinh nop o dau")
    assert answer.intent == "where"
    assert "Ủy ban nhân dân cấp xã (cấp xã)" in answer.answer
    assert "không phụ thuộc địa giới hành chính" in answer.answer
    boundary_bound = ask(fixture_index, "đăng ký kết hôn nộp ở đâu")
    assert "không phụ thuộc địa giới" not in boundary_bound.answer


def test_online_level(fixture_index):
    assert "toàn trình" in ask(fixture_index, "khai sinh co nop truc tuyen duoc khong").answer
    assert "một phần" in ask(fixture_index, "kết hôn nộp online được không").answer
    none = ask(fixture_index, "chứng thực bản sao nộp trực tuyến được không")
    assert "chưa có dịch vụ công trực tuyến" in none.answer


def test_officer_steps_list_internal_steps_with_working_days(fixture_index):
    answer = ask(fixture_index, "quy trình xử lý giấy phép bức xạ x quang", mode="officer")
    assert answer.intent == "steps"
    assert "- Thẩm định (chuyên viên): 7 ngày làm việc" in answer.answer
    assert "- Tiếp nhận, kiểm tra hồ sơ (cán bộ tiếp nhận): 0,5 ngày làm việc" in answer.answer


def test_citizen_steps_use_the_public_procedure_text(fixture_index):
    answer = ask(fixture_index, "quy trình xin giấy phép bức xạ x quang")
    assert "Trình tự thực hiện: Tổ chức nộp hồ sơ" in answer.answer


def test_colloquial_question_gets_the_procedure_with_its_documents(fixture_index):
    answer = ask(fixture_index, "con tôi mới sinh cần làm giấy tờ gì")
    assert answer.intent == "which"
    assert answer.procedures[0]["code"] == "1.001193"
    assert "Giấy chứng sinh" in answer.answer


def test_english_question_gets_an_english_answer(fixture_index):
    answer = ask(fixture_index, "how much does a birth registration cost")
    assert answer.english and answer.intent == "fee"
    assert answer.procedures[0]["code"] == "1.001193"
    assert "No fee or charge." in answer.answer
    english_fee = ask(fixture_index, "how much is the x-ray radiation licence fee")
    assert "1,000,000 VND" in english_fee.answer


def test_unsure_when_the_catalog_does_not_know_the_subject(fixture_index):
    answer = ask(fixture_index, "thủ tục cấp hộ chiếu phổ thông lệ phí bao nhiêu")
    assert not answer.confident
    assert answer.answer.startswith("Tôi chưa chắc chắn")
    assert "/procedures/?q=" in answer.answer
    assert len(answer.procedures) <= 3


def test_unsure_fact_answer_cites_every_candidate_it_quotes(fixture_index):
    answer = ask(fixture_index, "thủ tục cấp hộ chiếu phổ thông lệ phí bao nhiêu")
    cited = {c["code"] for c in answer.citations}
    assert cited == {p["code"] for p in answer.procedures}


def test_nothing_to_search_is_unknown(fixture_index):
    answer = ask(fixture_index, "xin chào")
    assert answer.intent == "unknown"
    assert answer.procedures == []
