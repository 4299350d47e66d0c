"""Prints the test runner's summary from the JUnit XML files of a run:
one line per suite and a final total line."""
import pathlib
import sys
import xml.etree.ElementTree as ET


def main(folder):
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    rows = []
    for path in sorted(pathlib.Path(folder).glob("*.xml")):
        root = ET.parse(path).getroot()
        suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
        for s in suites:
            n = {k: int(s.get(k, 0) or 0) for k in total}
            if not n["skipped"]:
                n["skipped"] = len(s.findall(".//skipped"))
            for k in total:
                total[k] += n[k]
            rows.append((path.stem, n))
    for name, n in rows:
        print(f"  {name:40} {n['tests']:4} tests  {n['failures'] + n['errors']:3} failed"
              f"  {n['skipped']:3} skipped")
    # figures some tests leave beside their results (the authorization matrix)
    for path in sorted(pathlib.Path(folder).glob("*.txt")):
        print("  " + path.read_text().strip())
    bad = total["failures"] + total["errors"]
    passed = total["tests"] - bad - total["skipped"]
    print(f"kesu tests: {total['tests']} run, {passed} passed, {bad} failed, "
          f"{total['skipped']} skipped ({'FAIL' if bad or not total['tests'] else 'OK'})")
    return 1 if bad or not total["tests"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
