def test_page_url(client) -> None:
    assert client.get("/docs/missing/").status_code == 404
