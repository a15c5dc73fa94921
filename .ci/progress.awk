# Filters `dotnet test --logger "console;verbosity=normal"` for people watching CI: every failed or
# skipped test as it happens (with its message), a count every `every` tests, and everything that
# is not a test result (the build, the summary); passed tests and their output stay quiet.
# Plain POSIX awk (mawk on Debian). Usage: dotnet test ... | awk -v every=100 -f progress.awk
function now(    t) { srand(); t = srand(); return t }
function clock(    s) { s = now() - start; return sprintf("%d m %02d s", int(s / 60), s % 60) }
BEGIN { if (every == "") every = 100; start = now(); done = 0; failed = 0; skipped = 0; quiet = 0 }
function counted() {
  done++
  if (done % every == 0) { printf "  ... %d tests run, %d failed (%s)\n", done, failed, clock(); fflush() }
}
/^  Passed /  { quiet = 1; counted(); next }
/^  Failed /  { quiet = 0; failed++; counted(); print; fflush(); next }
/^  Skipped / { quiet = 0; skipped++; counted(); print; fflush(); next }
# A passed test's own lines (its output) are indented or blank; anything else ends them.
quiet && (/^[ \t]/ || /^$/) { next }
{ quiet = 0; print; fflush() }
END { if (done > 0) printf "  ... %d tests run, %d failed, %d skipped (%s)\n", done, failed, skipped, clock() }
