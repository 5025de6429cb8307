"""The Chinese notebooks are not executed by the test suite: their code cells and outputs are the English
notebooks' (copied by tools/zh_edition.py), which nbval already runs. tests/test_zh_edition.py checks them."""

collect_ignore_glob = ["*.ipynb"]
