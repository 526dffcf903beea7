"""What a user's hand does in the browser tests."""
from playwright.sync_api import Locator, Page


def draw_vertical_stroke(page: Page, canvas: Locator, length: float) -> None:
    """Press the mouse in the canvas's middle and drag it down: a '1'."""
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y - length / 2)
    page.mouse.down()
    page.mouse.move(x + 5, y + length / 2, steps=15)
    page.mouse.up()
