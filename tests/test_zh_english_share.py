"""tools/zh_english_share.py: what it counts as English, what it leaves out (code, logs, samples, maths)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("zh_english_share", ROOT / "tools" / "zh_english_share.py")
S = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = S  # dataclasses look their module up
_spec.loader.exec_module(S)


def markdown(text):
    return {"cell_type": "markdown", "source": text}


def code(*outputs):
    return {"cell_type": "code", "source": "print('x')", "outputs": list(outputs)}


def stdout(text):
    return {"output_type": "stream", "name": "stdout", "text": text}


def test_a_line_is_english_chinese_or_neither():
    assert S.is_english("The gradient vanishes here.") is True
    assert S.is_english("梯度在这里消失 (the gradient vanishes)") is False
    assert S.is_english("0.109  1.6e-06  b_f = 5") is None
    assert S.is_english("MSE 0.0003") is None  # one word: a label, not a sentence


def test_maths_code_and_markers_in_chinese_markdown_do_not_make_it_english():
    text = "遗忘门 $f_t = \\sigma(x_t W_x + b_f)$ 由 `lstm_step_forward` 计算。\n<!-- claims: half_life, the_gate -->\n"
    share = S.notebook_share({"cells": [markdown(text)]})
    assert (share["markdown"].english, share["markdown"].counted) == (0, 1)
    english = S.notebook_share({"cells": [markdown("The forget gate keeps the memory.\n")]})
    assert (english["markdown"].english, english["markdown"].counted) == (1, 1)


def test_training_logs_samples_stderr_and_figures_are_not_counted():
    log = "Epoch 1/16\n32/32 ━━━━━━━━━━ 2s 40ms/step - loss: 0.1\nEstimated: 30 s per epoch, 8 min for all\n"
    sample = "--- temperature 0.50, seed 0, 300 characters ---\nROMEO.\nO, I will say the grace of your state,\n"
    cells = [
        code(stdout(log)),
        code(stdout(sample)),
        code({"output_type": "stream", "name": "stderr", "text": "UserWarning: something went on here\n"}),
        code({"output_type": "display_data", "data": {"image/png": "...", "text/plain": "<Figure size with axes>"}}),
        code(stdout("The statements above hold on this run.\n上面的陈述在这次运行中全部成立。\n")),
    ]
    share = S.notebook_share({"cells": cells})["outputs"]
    # counted: the sample's header (English) and the two claims lines; the rest is left out
    assert (share.english, share.counted) == (2, 3)


def test_a_static_widget_view_is_read_without_its_tags_and_pictures():
    view = {
        "text/html": "<div><p>The unit's first step with the current biases:</p><svg><text>f gate</text></svg></div>"
    }
    share = S.notebook_share({"cells": [code({"output_type": "display_data", "data": view})]})["outputs"]
    assert (share.english, share.counted) == (1, 1)


def test_the_share_of_a_notebook_adds_markdown_and_outputs():
    nb = {"cells": [markdown("中文的句子。\n另一句中文。\n"), code(stdout("An English line of output here.\n"))]}
    share = S.notebook_share(nb)
    assert (share["all"].english, share["all"].counted) == (1, 3)
    assert abs(share["all"].value - 1 / 3) < 1e-12
