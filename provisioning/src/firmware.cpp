#include "kps/provisioning/firmware.hpp"

#include "kps/jigs/firmware_image.hpp"
#include "kps/jigs/target_profile.hpp"
#include "kps/provisioning/ports/endpoint_jig.hpp"
#include "kps/schemas/input_file.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace kps::provisioning {

namespace {

constexpr qint64 kLargestImage = 16 * 1024 * 1024;
const QString kLoad = QStringLiteral("load firmware image");

Error badImage(const jigs::ImageError& error) {
    QString where = QString::fromStdString(error.file);
    if (!error.place.empty())
        where += QStringLiteral(", ") + QString::fromStdString(error.place);
    return {ErrorKind::BadInput, kLoad, where, QString::fromStdString(error.reason),
            QStringLiteral("Nothing was programmed; fix the image or the profile")};
}

/// The file beside the profile (a built-in profile's firmware is built in beside it).
QString besideProfile(const Profile& profile) {
    const QString folder = QFileInfo(profile.path).path();
    return folder + QLatin1Char('/') + profile.firmware->file;
}

Outcome<QByteArray> readImage(const QString& path) {
    auto bytes = schemas::readInputFile(path, kLargestImage);
    if (!bytes)
        return failure(ErrorKind::BadInput, kLoad, path,
                       QStringLiteral("cannot be read: ") + bytes.error().reason,
                       QStringLiteral("Put the image the profile names beside the profile"));
    return *bytes;
}

} // namespace

JigOutcome<void> EndpointJig::programFirmware(const Firmware& firmware) {
    return tl::unexpected(
        JigFailure{Fault::Protocol, QStringLiteral("jig %1 cannot program the firmware image %2")
                                        .arg(serial(), firmware.file)});
}

Outcome<std::shared_ptr<const Firmware>> loadFirmware(const Profile& profile) {
    if (!profile.firmware)
        return std::shared_ptr<const Firmware>();
    auto target = jigs::builtInTargetProfile(profile.target.toStdString());
    if (!target || target->flashAlgorithm.empty())
        return failure(ErrorKind::BadInput, kLoad, profile.path + QStringLiteral(": /firmware"),
                       QStringLiteral("target %1 takes no firmware image (it has no flash "
                                      "algorithm)")
                           .arg(profile.target));
    const QString path = besideProfile(profile);
    KPS_TRY_LET(bytes, readImage(path));
    const QString sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    if (sha256 != profile.firmware->sha256) // the pin first: a changed file is not parsed
        return failure(ErrorKind::BadInput, kLoad, path,
                       QStringLiteral("its SHA-256 is %1, the profile %2 pins %3")
                           .arg(sha256, profile.name, profile.firmware->sha256),
                       QStringLiteral("Nothing was programmed; use the image the profile was "
                                      "made for, or pin the new one in a new profile"));
    const std::span<const std::uint8_t> view(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                             std::size_t(bytes.size()));
    KPS_TRY_LET_MAP(image, jigs::parseFirmwareImage(view, path.toStdString()), badImage);
    KPS_TRY_MAP(jigs::checkPlacement(image, *target), badImage);
    KPS_TRY_MAP(jigs::checkBootable(image, *target), badImage);
    auto firmware = std::make_shared<Firmware>();
    firmware->file = path;
    firmware->sha256 = sha256;
    firmware->bytes = qint64(image.byteCount());
    firmware->image = std::make_shared<const jigs::FirmwareImage>(std::move(image));
    return std::shared_ptr<const Firmware>(std::move(firmware));
}

} // namespace kps::provisioning
