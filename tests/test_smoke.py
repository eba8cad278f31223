from tests.conftest import login


def test_login_and_index(client, leader):
    login(client, leader)
    r = client.get("/", follow_redirects=True)
    assert r.status_code == 200
