#include "fast_pattern.hpp"

#include <QJsonArray>
#include <QRegularExpression>
#include <memory>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/internal/adapter.hpp>
#include <valijson/validation_results.hpp>

namespace kps::schemas::detail {
namespace {

/// ECMA 262 syntax as PCRE2's where they differ for our schemas: "\uXXXX" is
/// "\x{XXXX}", and "$" outside a class is the end of the string ("\z"): PCRE2's "$"
/// also matches before a final newline, which let "PO-1\n" pass as an order id.
QString pcreSyntax(const QString& ecma) {
    QString pcre;
    bool inClass = false;
    for (qsizetype i = 0; i < ecma.size(); ++i) {
        const QChar c = ecma[i];
        if (c == QLatin1Char('\\') && i + 1 < ecma.size()) {
            if (ecma[i + 1] == QLatin1Char('u') && i + 5 < ecma.size()) {
                pcre += QStringLiteral("\\x{") + ecma.mid(i + 2, 4) + QLatin1Char('}');
                i += 5;
            } else {
                pcre += ecma.mid(i++, 2);
            }
            continue;
        }
        if (c == QLatin1Char('['))
            inClass = true;
        else if (c == QLatin1Char(']'))
            inClass = false;
        pcre += (c == QLatin1Char('$') && !inClass) ? QStringLiteral("\\z") : QString(c);
    }
    return pcre;
}

class FastPattern final : public valijson::constraints::PolyConstraint {
public:
    explicit FastPattern(const QString& pattern)
        : regex_(std::make_shared<QRegularExpression>(pcreSyntax(pattern))) {
        if (!regex_->isValid())
            qFatal("schema pattern %s: %s", qPrintable(pattern), qPrintable(regex_->errorString()));
        regex_->optimize();
    }

    bool validate(const valijson::adapters::Adapter& target,
                  const std::vector<std::string>& context,
                  valijson::ValidationResults* results) const override {
        if (!target.isString())
            return true;
        if (regex_->match(QString::fromStdString(target.asString())).hasMatch())
            return true;
        if (results)
            results->pushError(context,
                               "does not match the pattern " + regex_->pattern().toStdString());
        return false;
    }

private:
    Constraint* cloneInto(void* where) const override { return new (where) FastPattern(*this); }
    std::size_t sizeOf() const override { return sizeof(FastPattern); }

    std::shared_ptr<QRegularExpression> regex_; // shared by clones; matching is const
};

QJsonValue renamed(const QJsonValue& value) {
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue item : value.toArray())
            array.append(renamed(item));
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object;
    const QJsonObject source = value.toObject();
    for (auto it = source.begin(); it != source.end(); ++it) {
        const bool keyword = it.key() == QLatin1String("pattern") && it.value().isString();
        object.insert(keyword ? QString::fromLatin1(kFastPatternKeyword) : it.key(),
                      renamed(it.value()));
    }
    return object;
}

} // namespace

QJsonObject withFastPatterns(const QJsonObject& schema) {
    return renamed(schema).toObject();
}

valijson::constraints::Constraint*
FastPatternBuilder::make(const valijson::adapters::Adapter& value) const {
    return new FastPattern(QString::fromStdString(value.asString()));
}

} // namespace kps::schemas::detail
