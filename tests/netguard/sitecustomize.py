"""Turn the offline guard on in every Python process started under the test suite.

Active only when ``LSTM_NET_GUARD=1`` (set by the repository's conftest.py).
"""

import os

if os.environ.get("LSTM_NET_GUARD") == "1":
    import _netguard

    _netguard.install()
