"""What a build reads, and the hash of it that names the default database.

The curated CSVs and the code that turns them into a database: change any of them and
the hash changes, so the cached database built from the old ones is never served.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from kctui.build.rules import SOURCES_FOLDER, TABLE_NAMES
from kctui.core.paths import PACKAGE_DIR
from kctui.core.schema import SCHEMA_SQL, SCHEMA_VERSION

BUILD_CODE = (
    *sorted((PACKAGE_DIR / "build").glob("*.py")),
    PACKAGE_DIR / "core" / "amounts.py",
    PACKAGE_DIR / "core" / "periods.py",
    PACKAGE_DIR / "core" / "queries.py",  # dashboard_facts is filled by one of its queries
    PACKAGE_DIR / "core" / "find.py",  # the find index's weights
    PACKAGE_DIR / "core" / "find_query.py",  # and stop words
    PACKAGE_DIR / "core" / "history.py",  # and dashboard_history by one of its
    SCHEMA_SQL,
)
"""Everything besides the CSVs whose change changes what a build writes."""


def content_hash(data_dir: Path) -> str:
    """Hash of everything a database is built from: the CSVs and the build code.

    Reading ~100 KB takes about a millisecond, so it is done on every launch.
    """
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    documents = sorted((data_dir / SOURCES_FOLDER).glob("*.txt"))
    for path in [*(data_dir / f"{name}.csv" for name in TABLE_NAMES), *documents, *BUILD_CODE]:
        digest.update(path.name.encode())
        try:
            if not path.is_file():  # a FIFO or a device would block the read
                raise OSError("not a regular file")
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<missing>")
    return digest.hexdigest()
