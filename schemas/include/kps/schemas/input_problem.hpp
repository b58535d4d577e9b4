#pragma once
// What is wrong with a file the station was given: the file, the place in it and
// the reason, in one line ("order.json: /addresses/first: does not match ...").
#include "kps/base/expected.hpp"

#include <QString>

namespace kps::schemas {

struct InputProblem {
    QString file;   // path as the user gave it
    QString place;  // JSON pointer ("/endpoints/3/kcv") or "line 4, column 7"
    QString reason; // what is wrong, in words

    QString message() const;
};

template <class T> using Checked = Expected<T, InputProblem>;

inline tl::unexpected<InputProblem> reject(QString file, QString place, QString reason) {
    return tl::unexpected(InputProblem{std::move(file), std::move(place), std::move(reason)});
}

} // namespace kps::schemas
