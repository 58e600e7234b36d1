"""The script an office would write instead of jindu merge, as the benchmark's second baseline:
pandas reads every return (read_excel, openpyxl), stacks them (concat) and writes the stack
(to_excel). No checks, no summary. Run as a fresh python3 process:

    python3 scripts/bench_pandas.py RETURNS_DIR OUT.xlsx

Prints {"files", "rows", "peakRssMb"} as JSON. Files pandas cannot read (broken, legacy .xls) are
skipped, as such a script would skip them.
"""
import json
import os
import resource
import sys
import warnings

import pandas as pd

warnings.simplefilter("ignore")


def main() -> None:
    folder, out = sys.argv[1], sys.argv[2]
    frames = []
    for name in sorted(os.listdir(folder)):
        try:
            frames.append(pd.read_excel(os.path.join(folder, name), sheet_name=0, header=None))
        except Exception:  # noqa: BLE001 - a broken or legacy file
            pass
    stacked = pd.concat(frames, ignore_index=True)
    stacked.to_excel(out, index=False, header=False)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"files": len(frames), "rows": len(stacked), "peakRssMb": round(peak)}))


if __name__ == "__main__":
    main()
