<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>kps station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The station cannot start (HSM missing?):
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::Words</name>
    <message>
        <source>operator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key custodian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attaching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reserving an address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>making keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>programming the firmware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>writing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verifying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HSM missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jig stopped (probe unplugged?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order quantity reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Database failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>manufacturer masters (manuf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer masters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>customer key list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random keys (HSM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recovering (re-verifying)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::AcknowledgeAlarmCommand</name>
    <message>
        <source>log in: enter a user name (or badge) and PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The alarm was not acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm %1 acknowledged by %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::AddOrderCommand</name>
    <message>
        <source>The order was not registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 registered: %2 endpoints, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KEK check values: customer %1, head-end %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::CeremonyCommand</name>
    <message>
        <source>Cancelled: nothing changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  KCV %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n master(s) imported for order %1</source>
        <translation>
            <numerusform>%n master imported for order %1</numerusform>
            <numerusform>%n masters imported for order %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The keys were not destroyed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Keys of %n endpoint(s) imported for order %1</source>
        <translation>
            <numerusform>Keys of %n endpoint imported for order %1</numerusform>
            <numerusform>Keys of %n endpoints imported for order %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) of order %1 destroyed; the token holds none of them</source>
        <translation>
            <numerusform>%n key of order %1 destroyed; the token holds none of them</numerusform>
            <numerusform>%n keys of order %1 destroyed; the token holds none of them</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::app::ChangeOrderStateCommand</name>
    <message>
        <source>The order was not released to the line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order was not held</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is on the line: operators may run it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 is held: no one runs it until it is released again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::CloseOrderCommand</name>
    <message>
        <source>Exporting and destroying the order&apos;s keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The order was not closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 closed: %2 endpoints exported to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroyed in the HSM: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 was closed by an earlier close that did not finish; its report is written now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::Command</name>
    <message>
        <source>Cancelled before it started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The station is busy (a running line holds it until it pauses): waiting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::LoadStationCommand</name>
    <message>
        <source>Cannot read the station&apos;s orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), %1 open alarm(s)</source>
        <translation>
            <numerusform>%n order, %1 open alarm(s)</numerusform>
            <numerusform>%n orders, %1 open alarm(s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::app::LoginCommand</name>
    <message>
        <source>Enter your user name (or scan your badge) and your PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 logged in as %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::RunOrderCommand</name>
    <message>
        <source>%1: %2 verified, %3 failed in %4 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms that could not be recorded:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order complete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line did not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No jigs are configured: name the probes with --probes SERIAL,... (see kps probes) or use --sim for the simulated line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::app::ShowReportCommand</name>
    <message>
        <source>The report of order %1 is NOT verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No report for order %1 yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Report of order %1 verified: %n file(s) signed by the station</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::app::VerifyAuditCommand</name>
    <message>
        <source>The audit chain could not be checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walking the audit chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit chain is BROKEN at row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit chain is intact: %n row(s)</source>
        <translation>
            <numerusform>The audit chain is intact: %n row</numerusform>
            <numerusform>The audit chain is intact: %n rows</numerusform>
        </translation>
    </message>
    <message>
        <source>Head: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Station %1: %2 rows, head %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit chains are intact: %n row(s) of %1 station(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::station::AlarmPanel</name>
    <message>
        <source>slot %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor (name or badge)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>note (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(acknowledge once the line has paused)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This alarm is recorded when the line pauses: pause it first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>supervisor PIN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::AuditorView</name>
    <message>
        <source>Open the PDF report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify the audit chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No report for order %1 yet (state: %2): the station writes it when the order is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Signed report: %1 (+ .sig) in the order&apos;s exports folder&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No viewer could open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the report of order %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#c62828&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Its facts are not shown: a report that does not verify is not the station&apos;s.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#2e7d32&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::CeremonyView</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import customer masters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check value (KCV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dual control: two different key custodians confirm, one after the other. Keys never appear here, only their check values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File or order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kps-listing/1 (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the masters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodians: %1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a customer key list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy an order&apos;s customer keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the customer&apos;s masters file (kps-listing/1, masters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the customer&apos;s key list (kps-listing/1, key-list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the key list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the order (customer-masters or customer-list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destroy the keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The customer&apos;s file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working… %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::CustodianStep</name>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key custodian %1 (name or badge)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custodian %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 confirmed already: dual control needs a second, different custodian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a %2, not a key custodian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ %1 (key custodian) confirmed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::LineController</name>
    <message>
        <source>Pausing: the endpoints in the sockets finish first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running order %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::LineView</name>
    <message>
        <source>Start (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scan an endpoint label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No order on the line: choose one in Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m verified (%p%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified %1 · Failed %2 · Remaining %3 · Yield %4 % · %5 per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an order in Orders first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is in no slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is in slot %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::LoginPage</name>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key-provisioning station</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User or badge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type your name or scan your badge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::MainWindow</name>
    <message>
        <source>kps station — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log out (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ceremony</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the line before logging out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pausing the line; close again once it has paused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::OrderView</name>
    <message>
        <source>Open order file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all remaining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints to provision in this run (0: until the order is complete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an order file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an order to see its profile and key source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order %1 for %2 (head-end %3, DM as %4)
Profile %5 · key source: %6
%7 endpoints from %8 · issued %9 · verified %10 · failed %11
KEK check values: customer %12, head-end %13</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registering %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the line and take order %1 off it? The endpoints in the sockets finish first; the order stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close order %1? Its listing and DM batch are exported and its keys are destroyed in the HSM. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release to line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A supervisor releases this order to the line first</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::PinEdit</name>
    <message>
        <source>PIN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::ReportFactsHtml</name>
    <message>
        <source>Order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head-end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yield</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle time (ms)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masters (KCV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operators</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports (SHA-256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token was searched: none left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT verified absent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys destroyed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2; %3; record %4 (SHA-256 %5); audit row %6</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>kps::station::SlotTile</name>
    <message>
        <source>Slot %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
