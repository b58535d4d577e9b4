#pragma once
// Reading a CSV of plain keys on the customer's side (the input of `kps listing
// seal`, the same columns `kps listing open` prints):
//   address,role,id,version,kcv,value
// one row per key or password of an endpoint (rows of one endpoint together), and
// masters as rows whose address is the master's name and role "master". Key values
// are hex, passwords their characters; every value stays in locked memory. A field
// that begins with a single quote loses it: the mark `kps listing open` puts before a
// field a spreadsheet would run as a formula (csv_field.hpp).
#include "kps/reports/report_error.hpp"
#include "kps/secure/secret_bytes.hpp"

#include <QFile>

namespace kps::reports {

struct KeyRow {
    qint64 line = 0;
    QString address; // or the master's name
    QString role;    // data, dm, local, fleet, password, master
    int id = 0;
    int version = 0;
    QString kcv; // as given (may be empty)
    secure::SecretBytes value;

    bool isMaster() const { return role == QLatin1String("master"); }
};

class KeyCsvReader {
public:
    explicit KeyCsvReader(QString path);
    /// Opens the file and checks its header line.
    ReportResult<void> open();
    /// The next row, or nullopt at the end.
    ReportResult<std::optional<KeyRow>> next();

private:
    ReportResult<KeyRow> parse(std::vector<secure::SecretBytes> fields);
    tl::unexpected<ReportError> problem(const QString& column, const QString& reason) const;

    QString path_;
    QFile file_;
    qint64 line_ = 0;
    secure::SecretBytes buffer_{8192};
};

} // namespace kps::reports
