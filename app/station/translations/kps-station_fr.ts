<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>kps station</source>
        <translation>station kps</translation>
    </message>
    <message>
        <source>The station cannot start (HSM missing?):
%1</source>
        <translation>La station ne peut pas démarrer (HSM absent ?) :
%1</translation>
    </message>
</context>
<context>
    <name>kps::Words</name>
    <message>
        <source>operator</source>
        <translation>opérateur</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>superviseur</translation>
    </message>
    <message>
        <source>key custodian</source>
        <translation>dépositaire de clés</translation>
    </message>
    <message>
        <source>auditor</source>
        <translation>auditeur</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrateur</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>libre</translation>
    </message>
    <message>
        <source>attaching</source>
        <translation>connexion</translation>
    </message>
    <message>
        <source>reserving an address</source>
        <translation>réservation d’adresse</translation>
    </message>
    <message>
        <source>making keys</source>
        <translation>création des clés</translation>
    </message>
    <message>
        <source>recording</source>
        <translation>enregistrement</translation>
    </message>
    <message>
        <source>programming the firmware</source>
        <translation>programmation du micrologiciel</translation>
    </message>
    <message>
        <source>writing</source>
        <translation>écriture</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>vérification</translation>
    </message>
    <message>
        <source>locking</source>
        <translation>verrouillage</translation>
    </message>
    <message>
        <source>PASS</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>ÉCHEC</translation>
    </message>
    <message>
        <source>HSM missing</source>
        <translation>HSM absent</translation>
    </message>
    <message>
        <source>Jig stopped (probe unplugged?)</source>
        <translation>Banc arrêté (sonde débranchée ?)</translation>
    </message>
    <message>
        <source>Order quantity reached</source>
        <translation>Quantité de la commande atteinte</translation>
    </message>
    <message>
        <source>Database failure</source>
        <translation>Panne de la base de données</translation>
    </message>
    <message>
        <source>Line stopped</source>
        <translation>Ligne arrêtée</translation>
    </message>
    <message>
        <source>open</source>
        <translation>ouverte</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en production</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>clôturée</translation>
    </message>
    <message>
        <source>manufacturer masters (manuf)</source>
        <translation>clés maîtres du fabricant (manuf)</translation>
    </message>
    <message>
        <source>customer masters</source>
        <translation>clés maîtres du client</translation>
    </message>
    <message>
        <source>customer key list</source>
        <translation>liste de clés du client</translation>
    </message>
    <message>
        <source>random keys (HSM)</source>
        <translation>clés aléatoires (HSM)</translation>
    </message>
    <message>
        <source>recovering (re-verifying)</source>
        <translation>reprise (revérification)</translation>
    </message>
</context>
<context>
    <name>kps::app::AcknowledgeAlarmCommand</name>
    <message>
        <source>log in: enter a user name (or badge) and PIN</source>
        <translation>connexion : saisissez un nom d’utilisateur (ou badge) et un code PIN</translation>
    </message>
    <message>
        <source>The alarm was not acknowledged</source>
        <translation>L’alarme n’a pas été acquittée</translation>
    </message>
    <message>
        <source>Alarm %1 acknowledged by %2</source>
        <translation>Alarme %1 acquittée par %2</translation>
    </message>
</context>
<context>
    <name>kps::app::AddOrderCommand</name>
    <message>
        <source>The order was not registered</source>
        <translation>La commande n’a pas été enregistrée</translation>
    </message>
    <message>
        <source>Order %1 registered: %2 endpoints, %3</source>
        <translation>Commande %1 enregistrée : %2 modules, %3</translation>
    </message>
    <message>
        <source>KEK check values: customer %1, head-end %2</source>
        <translation>Valeurs de contrôle des KEK : client %1, tête de réseau %2</translation>
    </message>
</context>
<context>
    <name>kps::app::CeremonyCommand</name>
    <message>
        <source>Cancelled: nothing changed</source>
        <translation>Annulé : rien n’a changé</translation>
    </message>
    <message>
        <source>%1  KCV %2</source>
        <translation>%1  KCV %2</translation>
    </message>
    <message numerus="yes">
        <source>%n master(s) imported for order %1</source>
        <translation>
            <numerusform>%n clé maître importée pour la commande %1</numerusform>
            <numerusform>%n clés maîtres importées pour la commande %1</numerusform>
        </translation>
    </message>
    <message>
        <source>The keys were not destroyed</source>
        <translation>Les clés n’ont pas été détruites</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>Rien n’a été importé</translation>
    </message>
    <message>
        <source>endpoints</source>
        <translation>modules</translation>
    </message>
    <message numerus="yes">
        <source>Keys of %n endpoint(s) imported for order %1</source>
        <translation>
            <numerusform>Clés de %n module importées pour la commande %1</numerusform>
            <numerusform>Clés de %n modules importées pour la commande %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s) of order %1 destroyed; the token holds none of them</source>
        <translation>
            <numerusform>%n clé de la commande %1 détruite ; le jeton n’en contient plus aucune</numerusform>
            <numerusform>%n clés de la commande %1 détruites ; le jeton n’en contient plus aucune</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::app::ChangeOrderStateCommand</name>
    <message>
        <source>The order was not released to the line</source>
        <translation>La commande n’a pas été lancée sur la ligne</translation>
    </message>
    <message>
        <source>The order was not held</source>
        <translation>La commande n’a pas été suspendue</translation>
    </message>
    <message>
        <source>Order %1 is on the line: operators may run it</source>
        <translation>La commande %1 est sur la ligne : les opérateurs peuvent la produire</translation>
    </message>
    <message>
        <source>Order %1 is held: no one runs it until it is released again</source>
        <translation>La commande %1 est suspendue : personne ne la produit avant qu’elle soit relancée</translation>
    </message>
</context>
<context>
    <name>kps::app::CloseOrderCommand</name>
    <message>
        <source>Exporting and destroying the order&apos;s keys</source>
        <translation>Export et destruction des clés de la commande</translation>
    </message>
    <message>
        <source>The order was not closed</source>
        <translation>La commande n’a pas été clôturée</translation>
    </message>
    <message>
        <source>Order %1 closed: %2 endpoints exported to %3</source>
        <translation>Commande %1 clôturée : %2 modules exportés dans %3</translation>
    </message>
    <message>
        <source>Destroyed in the HSM: %1</source>
        <translation>Détruit dans le HSM : %1</translation>
    </message>
    <message>
        <source>Order %1 was closed by an earlier close that did not finish; its report is written now</source>
        <translation>La commande %1 avait été clôturée par une clôture interrompue ; son rapport est écrit maintenant</translation>
    </message>
</context>
<context>
    <name>kps::app::Command</name>
    <message>
        <source>Cancelled before it started</source>
        <translation>Annulé avant de commencer</translation>
    </message>
    <message>
        <source>The station is busy (a running line holds it until it pauses): waiting</source>
        <translation>La station est occupée (une ligne en production la garde jusqu’à sa pause) : en attente</translation>
    </message>
</context>
<context>
    <name>kps::app::LoadStationCommand</name>
    <message>
        <source>Cannot read the station&apos;s orders</source>
        <translation>Impossible de lire les commandes de la station</translation>
    </message>
    <message numerus="yes">
        <source>%n order(s), %1 open alarm(s)</source>
        <translation>
            <numerusform>%n commande, %1 alarme(s) ouverte(s)</numerusform>
            <numerusform>%n commandes, %1 alarme(s) ouverte(s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::app::LoginCommand</name>
    <message>
        <source>Enter your user name (or scan your badge) and your PIN</source>
        <translation>Saisissez votre nom d’utilisateur (ou scannez votre badge) et votre code PIN</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>%1 logged in as %2</source>
        <translation>%1 connecté en tant que %2</translation>
    </message>
</context>
<context>
    <name>kps::app::RunOrderCommand</name>
    <message>
        <source>%1: %2 verified, %3 failed in %4 s</source>
        <translation>%1 : %2 vérifiés, %3 en échec en %4 s</translation>
    </message>
    <message>
        <source>Alarms that could not be recorded:
%1</source>
        <translation>Alarmes qui n’ont pas pu être enregistrées :
%1</translation>
    </message>
    <message>
        <source>The line stopped</source>
        <translation>La ligne s’est arrêtée</translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation>En pause : %1</translation>
    </message>
    <message>
        <source>Order complete: %1</source>
        <translation>Commande terminée : %1</translation>
    </message>
    <message>
        <source>The line did not start</source>
        <translation>La ligne n’a pas démarré</translation>
    </message>
    <message>
        <source>No jigs are configured: name the probes with --probes SERIAL,... (see kps probes) or use --sim for the simulated line</source>
        <translation>Aucun banc n’est configuré : nommez les sondes avec --probes SÉRIE,... (voir kps probes) ou utilisez --sim pour la ligne simulée</translation>
    </message>
</context>
<context>
    <name>kps::app::ShowReportCommand</name>
    <message>
        <source>The report of order %1 is NOT verified</source>
        <translation>Le rapport de la commande %1 n’est PAS vérifié</translation>
    </message>
    <message>
        <source>No report for order %1 yet</source>
        <translation>Pas encore de rapport pour la commande %1</translation>
    </message>
    <message numerus="yes">
        <source>Report of order %1 verified: %n file(s) signed by the station</source>
        <translation>
            <numerusform>Rapport de la commande %1 vérifié : %n fichier signé par la station</numerusform>
            <numerusform>Rapport de la commande %1 vérifié : %n fichiers signés par la station</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::app::VerifyAuditCommand</name>
    <message>
        <source>The audit chain could not be checked</source>
        <translation>La chaîne d’audit n’a pas pu être vérifiée</translation>
    </message>
    <message>
        <source>Walking the audit chain</source>
        <translation>Parcours de la chaîne d’audit</translation>
    </message>
    <message>
        <source>The audit chain is BROKEN at row %1</source>
        <translation>La chaîne d’audit est ROMPUE à la ligne %1</translation>
    </message>
    <message numerus="yes">
        <source>The audit chain is intact: %n row(s)</source>
        <translation>
            <numerusform>La chaîne d’audit est intacte : %n ligne</numerusform>
            <numerusform>La chaîne d’audit est intacte : %n lignes</numerusform>
        </translation>
    </message>
    <message>
        <source>Head: %1</source>
        <translation>Tête : %1</translation>
    </message>
    <message>
        <source>Station %1: %2 rows, head %3</source>
        <translation>Station %1 : %2 lignes, tête %3</translation>
    </message>
    <message numerus="yes">
        <source>The audit chains are intact: %n row(s) of %1 station(s)</source>
        <translation>
            <numerusform>Les chaînes d’audit sont intactes : %n ligne de %1 station(s)</numerusform>
            <numerusform>Les chaînes d’audit sont intactes : %n lignes de %1 station(s)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kps::station::AlarmPanel</name>
    <message>
        <source>slot %1</source>
        <translation>poste %1</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmes</translation>
    </message>
    <message>
        <source>Acknowledge (F9)</source>
        <translation>Acquitter (F9)</translation>
    </message>
    <message>
        <source>supervisor (name or badge)</source>
        <translation>superviseur (nom ou badge)</translation>
    </message>
    <message>
        <source>note (optional)</source>
        <translation>note (facultative)</translation>
    </message>
    <message>
        <source>(acknowledge once the line has paused)</source>
        <translation>(à acquitter une fois la ligne en pause)</translation>
    </message>
    <message>
        <source>This alarm is recorded when the line pauses: pause it first</source>
        <translation>Cette alarme est enregistrée à la pause de la ligne : mettez-la d’abord en pause</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>supervisor PIN</source>
        <translation>PIN du superviseur</translation>
    </message>
</context>
<context>
    <name>kps::station::AuditorView</name>
    <message>
        <source>Open the PDF report</source>
        <translation>Ouvrir le rapport PDF</translation>
    </message>
    <message>
        <source>Verify the audit chain</source>
        <translation>Vérifier la chaîne d’audit</translation>
    </message>
    <message>
        <source>Batch report</source>
        <translation>Rapport de lot</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>No report for order %1 yet (state: %2): the station writes it when the order is closed.</source>
        <translation>Pas encore de rapport pour la commande %1 (état : %2) : la station l’écrit à la clôture de la commande.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Signed report: %1 (+ .sig) in the order&apos;s exports folder&lt;/p&gt;</source>
        <translation>&lt;p&gt;Rapport signé : %1 (+ .sig) dans le dossier d’export de la commande&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No viewer could open %1</source>
        <translation>Aucune visionneuse n’a pu ouvrir %1</translation>
    </message>
    <message>
        <source>Verifying the report of order %1…</source>
        <translation>Vérification du rapport de la commande %1…</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#c62828&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Its facts are not shown: a report that does not verify is not the station&apos;s.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#c62828&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;&lt;p&gt;Son contenu n’est pas affiché : un rapport qui ne se vérifie pas n’est pas celui de la station.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#2e7d32&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#2e7d32&apos;&gt;&lt;b&gt;%1&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>kps::station::CeremonyView</name>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Start over</source>
        <translation>Recommencer</translation>
    </message>
    <message>
        <source>Import customer masters</source>
        <translation>Importer les clés maîtres du client</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Check value (KCV)</source>
        <translation>Valeur de contrôle (KCV)</translation>
    </message>
    <message>
        <source>Dual control: two different key custodians confirm, one after the other. Keys never appear here, only their check values.</source>
        <translation>Double contrôle : deux dépositaires de clés différents confirment, l’un après l’autre. Les clés n’apparaissent jamais ici, seulement leurs valeurs de contrôle.</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Opération</translation>
    </message>
    <message>
        <source>File or order</source>
        <translation>Fichier ou commande</translation>
    </message>
    <message>
        <source>kps-listing/1 (*.json);;All files (*)</source>
        <translation>kps-listing/1 (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import the masters</source>
        <translation>Importer les clés maîtres</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>Custodians: %1 and %2</source>
        <translation>Dépositaires : %1 et %2</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Import a customer key list</source>
        <translation>Importer une liste de clés du client</translation>
    </message>
    <message>
        <source>Destroy an order&apos;s customer keys</source>
        <translation>Détruire les clés client d’une commande</translation>
    </message>
    <message>
        <source>the customer&apos;s masters file (kps-listing/1, masters)</source>
        <translation>le fichier des clés maîtres du client (kps-listing/1, masters)</translation>
    </message>
    <message>
        <source>the customer&apos;s key list (kps-listing/1, key-list)</source>
        <translation>la liste de clés du client (kps-listing/1, key-list)</translation>
    </message>
    <message>
        <source>Import the key list</source>
        <translation>Importer la liste de clés</translation>
    </message>
    <message>
        <source>the order (customer-masters or customer-list)</source>
        <translation>la commande (customer-masters ou customer-list)</translation>
    </message>
    <message>
        <source>Destroy the keys</source>
        <translation>Détruire les clés</translation>
    </message>
    <message>
        <source>The customer&apos;s file</source>
        <translation>Le fichier du client</translation>
    </message>
    <message>
        <source>Working… %1 of %2</source>
        <translation>En cours… %1 sur %2</translation>
    </message>
</context>
<context>
    <name>kps::station::CustodianStep</name>
    <message>
        <source>Confirm</source>
        <translation>Confirmer</translation>
    </message>
    <message>
        <source>key custodian %1 (name or badge)</source>
        <translation>dépositaire de clés %1 (nom ou badge)</translation>
    </message>
    <message>
        <source>Custodian %1</source>
        <translation>Dépositaire %1</translation>
    </message>
    <message>
        <source>%1 confirmed already: dual control needs a second, different custodian</source>
        <translation>%1 a déjà confirmé : le double contrôle exige un second dépositaire, différent</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>%1 is a %2, not a key custodian</source>
        <translation>%1 est %2, pas dépositaire de clés</translation>
    </message>
    <message>
        <source>✔ %1 (key custodian) confirmed</source>
        <translation>✔ %1 (dépositaire de clés) confirmé</translation>
    </message>
</context>
<context>
    <name>kps::station::LineController</name>
    <message>
        <source>Pausing: the endpoints in the sockets finish first</source>
        <translation>Mise en pause : les modules en place se terminent d’abord</translation>
    </message>
    <message>
        <source>Running order %1</source>
        <translation>Production de la commande %1</translation>
    </message>
</context>
<context>
    <name>kps::station::LineView</name>
    <message>
        <source>Start (F5)</source>
        <translation>Démarrer (F5)</translation>
    </message>
    <message>
        <source>Pause (F6)</source>
        <translation>Pause (F6)</translation>
    </message>
    <message>
        <source>scan an endpoint label</source>
        <translation>scannez l’étiquette d’un module</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Étiquette :</translation>
    </message>
    <message>
        <source>No order on the line: choose one in Orders</source>
        <translation>Aucune commande sur la ligne : choisissez-en une dans Commandes</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>Commande %1</translation>
    </message>
    <message>
        <source>%v of %m verified (%p%)</source>
        <translation>%v sur %m vérifiés (%p %)</translation>
    </message>
    <message>
        <source>Verified %1 · Failed %2 · Remaining %3 · Yield %4 % · %5 per hour</source>
        <translation>Vérifiés %1 · En échec %2 · Restants %3 · Rendement %4 % · %5 par heure</translation>
    </message>
    <message>
        <source>Choose an order in Orders first</source>
        <translation>Choisissez d’abord une commande dans Commandes</translation>
    </message>
    <message>
        <source>%1 is in no slot</source>
        <translation>%1 n’est sur aucun poste</translation>
    </message>
    <message>
        <source>%1 is in slot %2 (%3)</source>
        <translation>%1 est sur le poste %2 (%3)</translation>
    </message>
</context>
<context>
    <name>kps::station::LoginPage</name>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>Key-provisioning station</source>
        <translation>Station de personnalisation des clés</translation>
    </message>
    <message>
        <source>User or badge</source>
        <translation>Utilisateur ou badge</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>type your name or scan your badge</source>
        <translation>tapez votre nom ou scannez votre badge</translation>
    </message>
</context>
<context>
    <name>kps::station::MainWindow</name>
    <message>
        <source>kps station — %1</source>
        <translation>station kps — %1</translation>
    </message>
    <message>
        <source>Log out (Ctrl+L)</source>
        <translation>Se déconnecter (Ctrl+L)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Commandes</translation>
    </message>
    <message>
        <source>Ceremony</source>
        <translation>Cérémonie</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Pause the line before logging out</source>
        <translation>Mettez la ligne en pause avant de vous déconnecter</translation>
    </message>
    <message>
        <source>Pausing the line; close again once it has paused</source>
        <translation>Mise en pause de la ligne ; fermez à nouveau une fois la pause faite</translation>
    </message>
</context>
<context>
    <name>kps::station::OrderView</name>
    <message>
        <source>Open order file…</source>
        <translation>Ouvrir un fichier de commande…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Close order</source>
        <translation>Clôturer la commande</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Key source</source>
        <translation>Source des clés</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Vérifiés</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>all remaining</source>
        <translation>tous les restants</translation>
    </message>
    <message>
        <source>Endpoints to provision in this run (0: until the order is complete)</source>
        <translation>Modules à personnaliser dans ce passage (0 : jusqu’à la fin de la commande)</translation>
    </message>
    <message>
        <source>Endpoints:</source>
        <translation>Modules :</translation>
    </message>
    <message>
        <source>Open an order file</source>
        <translation>Ouvrir un fichier de commande</translation>
    </message>
    <message>
        <source>Orders (*.json);;All files (*)</source>
        <translation>Commandes (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Select an order to see its profile and key source.</source>
        <translation>Sélectionnez une commande pour voir son profil et sa source de clés.</translation>
    </message>
    <message>
        <source>Order %1 for %2 (head-end %3, DM as %4)
Profile %5 · key source: %6
%7 endpoints from %8 · issued %9 · verified %10 · failed %11
KEK check values: customer %12, head-end %13</source>
        <translation>Commande %1 pour %2 (tête de réseau %3, DM en %4)
Profil %5 · source des clés : %6
%7 modules à partir de %8 · émis %9 · vérifiés %10 · en échec %11
Valeurs de contrôle des KEK : client %12, tête de réseau %13</translation>
    </message>
    <message>
        <source>Registering %1…</source>
        <translation>Enregistrement de %1…</translation>
    </message>
    <message>
        <source>Cancel the run</source>
        <translation>Annuler le passage</translation>
    </message>
    <message>
        <source>Stop the line and take order %1 off it? The endpoints in the sockets finish first; the order stays open.</source>
        <translation>Arrêter la ligne et en retirer la commande %1 ? Les modules en place se terminent d’abord ; la commande reste ouverte.</translation>
    </message>
    <message>
        <source>Close the order</source>
        <translation>Clôturer la commande</translation>
    </message>
    <message>
        <source>Close order %1? Its listing and DM batch are exported and its keys are destroyed in the HSM. This cannot be undone.</source>
        <translation>Clôturer la commande %1 ? Son listing et son lot DM sont exportés et ses clés détruites dans le HSM. C’est irréversible.</translation>
    </message>
    <message>
        <source>Release to line</source>
        <translation>Lancer sur la ligne</translation>
    </message>
    <message>
        <source>Hold order</source>
        <translation>Suspendre la commande</translation>
    </message>
    <message>
        <source>A supervisor releases this order to the line first</source>
        <translation>Un superviseur doit d’abord lancer cette commande sur la ligne</translation>
    </message>
</context>
<context>
    <name>kps::station::PinEdit</name>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>kps::station::ReportFactsHtml</name>
    <message>
        <source>Order</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Générée le</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Head-end</source>
        <translation>Tête de réseau</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Key source</source>
        <translation>Source des clés</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Vérifiés</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <source>Yield</source>
        <translation>Rendement</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Échecs</translation>
    </message>
    <message>
        <source>Cycle time (ms)</source>
        <translation>Temps de cycle (ms)</translation>
    </message>
    <message>
        <source>Masters (KCV)</source>
        <translation>Clés maîtres (KCV)</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Opérateurs</translation>
    </message>
    <message>
        <source>Exports (SHA-256)</source>
        <translation>Exports (SHA-256)</translation>
    </message>
    <message>
        <source>Audit head</source>
        <translation>Tête de l’audit</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>pas encore</translation>
    </message>
    <message>
        <source>the token was searched: none left</source>
        <translation>le jeton a été fouillé : il n’en reste aucune</translation>
    </message>
    <message>
        <source>NOT verified absent</source>
        <translation>absence NON vérifiée</translation>
    </message>
    <message>
        <source>Keys destroyed</source>
        <translation>Clés détruites</translation>
    </message>
    <message>
        <source>%1 by %2; %3; record %4 (SHA-256 %5); audit row %6</source>
        <translation>%1 par %2 ; %3 ; procès-verbal %4 (SHA-256 %5) ; ligne d’audit %6</translation>
    </message>
</context>
<context>
    <name>kps::station::SlotTile</name>
    <message>
        <source>Slot %1</source>
        <translation>Poste %1</translation>
    </message>
</context>
</TS>
