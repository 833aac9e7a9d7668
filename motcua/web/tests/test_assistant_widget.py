"""The assistant's widget is on the citizen pages and in the officer workspace, and works
without JavaScript (a plain GET form to the answer page)."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/procedures/?q=khai+sinh"])
def test_citizen_pages_carry_the_widget_in_citizen_mode(client, path):
    html = client.get(path).content.decode()
    assert 'class="assistant-form" method="get" action="/assistant/"' in html
    assert 'name="mode" value="citizen"' in html


def test_the_workspace_carries_the_widget_in_officer_mode(world, client):
    client.force_login(world.users["dost_specialist"])
    html = client.get("/workspace/").content.decode()
    assert 'name="mode" value="officer"' in html


def test_the_widget_answers_without_javascript(client, db):
    response = client.get("/assistant/", {"q": "chứng thực bản sao mất bao lâu", "mode": "citizen"})
    assert response.status_code == 200
    assert "Câu hỏi của bạn" in response.content.decode()
