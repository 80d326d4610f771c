from fastapi import APIRouter

router = APIRouter(prefix="/items")


@router.get("/{item_id}")
def read_item(item_id: int) -> dict[str, int]:
    return {"id": item_id}
