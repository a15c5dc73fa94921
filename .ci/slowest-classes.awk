# Reads a TRX file (VSTest's XML log) and prints the test classes taking the most time, summed over
# their tests: "seconds  tests  class". Usage: awk -v top=10 -f slowest-classes.awk results.trx
# Plain POSIX awk (mawk on Debian): each tag is one record.
BEGIN { RS = "<"; if (top == "") top = 10 }

function attr(tag, name,    at, rest) {
  at = index(tag, " " name "=\"")
  if (at == 0) return ""
  rest = substr(tag, at + length(name) + 3)
  return substr(rest, 1, index(rest, "\"") - 1)
}

# "00:01:02.5000000" (or "1.00:01:02.5") to seconds.
function seconds(span,    days, parts) {
  days = 0
  if (span ~ /^[0-9]+\./ && index(span, ".") < index(span, ":")) { days = substr(span, 1, index(span, ".") - 1); span = substr(span, index(span, ".") + 1) }
  split(span, parts, ":")
  return days * 86400 + parts[1] * 3600 + parts[2] * 60 + parts[3]
}

/^UnitTestResult / { duration[attr($0, "testId")] += seconds(attr($0, "duration")); next }
/^UnitTest /       { current = attr($0, "id"); next }
/^TestMethod /     { class[current] = attr($0, "className"); next }

END {
  for (id in duration) { c = (id in class) ? class[id] : "(unknown)"; total[c] += duration[id]; count[c]++ }
  for (n = 0; n < top; n++) {
    best = ""
    for (c in total) if (!(c in shown) && (best == "" || total[c] > total[best])) best = c
    if (best == "") break
    shown[best] = 1
    name = best; sub(/^DiSu\.Analytics\.Tests\./, "", name)
    printf "%8.1f s %5d tests  %s\n", total[best], count[best], name
  }
}
