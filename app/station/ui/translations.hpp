#pragma once
// The GUI's language: English (the source; its catalogue adds plural forms) or French,
// from --lang or the system locale.
#include <QString>

class QCoreApplication;

namespace kps::station {

/// Installs the translations for `language` ("fr", "en", "fr_FR", or empty: the
/// system's). Returns the language in use ("en" when none matches).
QString installTranslations(QCoreApplication& application, const QString& language);

} // namespace kps::station
