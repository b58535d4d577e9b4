// Migration 7: several stations, one registry.
// Both engines: the station that owns an endpoint row (its slots recover it) and the
// station whose audit chain holds an audit row. PostgreSQL only (several stations
// write at once): audit sequence numbers from a sequence, and a trigger that refuses
// more verified (or active) endpoints than the order's quantity, whatever the
// application does. A duplicate address is refused on both engines by the keys that
// migration 4 made (primary key (order_id, address), one 'new' row per address).
#include "migrations.hpp"

namespace kps::provisioning::migrations {
namespace {

const QStringList kBoth = {
    QStringLiteral("ALTER TABLE endpoints ADD COLUMN station TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("ALTER TABLE audit ADD COLUMN station TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("CREATE INDEX audit_by_station ON audit(station, seq)"),
    QStringLiteral("CREATE INDEX endpoints_by_station_slot ON endpoints(order_id, station, slot)"),
};

// Runs after every insert, and every change of state, of an endpoint row. It locks the
// order's row first, so two stations' transactions count one after the other.
const QString kQuotaFunction = QStringLiteral(
    "CREATE FUNCTION kps_endpoints_within_quantity() RETURNS trigger LANGUAGE plpgsql AS $body$"
    " DECLARE allowed BIGINT; verified_rows BIGINT; active_rows BIGINT;"
    " BEGIN"
    "  SELECT quantity INTO allowed FROM orders WHERE id = NEW.order_id FOR UPDATE;"
    "  SELECT COUNT(*) FILTER (WHERE state = 'verified'), COUNT(*) FILTER (WHERE state <> "
    "'failed')"
    "   INTO verified_rows, active_rows FROM endpoints WHERE order_id = NEW.order_id;"
    "  IF verified_rows > allowed OR active_rows > allowed THEN"
    "   RAISE EXCEPTION 'order % allows % endpoints: % verified, % active would exceed it',"
    "    NEW.order_id, allowed, verified_rows, active_rows USING ERRCODE = 'check_violation';"
    "  END IF;"
    "  RETURN NULL;"
    " END $body$");

const QStringList kPostgres = {
    QStringLiteral("CREATE SEQUENCE audit_seq"),
    QStringLiteral("SELECT setval('audit_seq', (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit),"
                   " false)"),
    kQuotaFunction,
    QStringLiteral("CREATE TRIGGER endpoints_within_quantity AFTER INSERT OR UPDATE OF state"
                   " ON endpoints FOR EACH ROW EXECUTE FUNCTION kps_endpoints_within_quantity()"),
};

} // namespace

Outcome<QStringList> registryMigration(QSqlDatabase& database) {
    if (database.driverName() == QLatin1String("QPSQL"))
        return kBoth + kPostgres;
    return kBoth;
}

} // namespace kps::provisioning::migrations
