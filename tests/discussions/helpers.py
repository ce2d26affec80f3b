"""Builders for the community tests: notebooks as bytes, and topics made through the services."""

import base64
import json

# A 1x1 transparent PNG.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def notebook_bytes(cells: list[dict], *, language: str = "python", nbformat_minor: int = 5) -> bytes:
    for index, cell in enumerate(cells):
        cell.setdefault("metadata", {})
        cell.setdefault("id", f"cell-{index}")
        if cell["cell_type"] == "code":
            cell.setdefault("outputs", [])
            cell.setdefault("execution_count", None)
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": language},
                     "language_info": {"name": language}},
        "nbformat": 4,
        "nbformat_minor": nbformat_minor,
    }
    return json.dumps(notebook).encode()


def code_cell(source: str, *outputs: dict, count: int | None = 1) -> dict:
    return {"cell_type": "code", "source": source, "outputs": list(outputs), "execution_count": count}


def markdown_cell(source: str) -> dict:
    return {"cell_type": "markdown", "source": source}


def display(data: dict) -> dict:
    return {"output_type": "display_data", "data": data, "metadata": {}}


def stream(text: str, name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def simple_notebook(text: str = "print('hello')") -> bytes:
    return notebook_bytes([markdown_cell("# A baseline\nLightGBM on the **tabular** features."),
                           code_cell(text, stream("hello\n"))])
