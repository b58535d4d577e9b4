#pragma once
// Test support: a result a test relies on without checking it in a QVERIFY (inside a
// helper that returns a value, a visitor, a fixture) must still succeed; a failure ends
// the test binary naming the step, instead of being ignored.
#include <QtGlobal>

namespace kps::test {

template <class Result> void must(const Result& result, const char* step) {
    if (!result)
        qFatal("test step failed: %s", step);
}

} // namespace kps::test
