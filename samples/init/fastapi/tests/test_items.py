from fastapi.testclient import TestClient

from app.main import app


def test_read_item() -> None:
    assert TestClient(app).get("/items/3").json() == {"id": 3}
