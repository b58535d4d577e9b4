<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
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
        <source>The masters were not imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The destruction was not confirmed</source>
        <translation type="unfinished"></translation>
    </message>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Destruction of %n key(s) of order %1 confirmed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
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
</context>
<context>
    <name>kps::app::Command</name>
    <message>
        <source>The line is running: waiting until it pauses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled before it started</source>
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
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
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
        <source>No jigs are configured: start the station with --sim for the simulated line</source>
        <translation type="unfinished"></translation>
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
        <source>row %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit chain is BROKEN at row %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The audit chain is intact: %n row(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Head: %1</source>
        <translation type="unfinished"></translation>
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
</context>
<context>
    <name>kps::station::LineController</name>
    <message>
        <source>Pausing: the endpoints in the sockets finish first</source>
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
    <name>kps::station::PinEdit</name>
    <message>
        <source>PIN</source>
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
