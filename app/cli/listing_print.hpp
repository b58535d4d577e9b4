#pragma once
// Printing opened keys on the customer's side (`kps listing open`): CSV rows
// (address,role,id,version,kcv,value; RFC 4180 quoting) or JSON objects, composed in
// locked memory and wiped once written. Keys print as hex, passwords as characters.
#include "kps/reports/listing_opener.hpp"

#include <cstdio>

namespace kps::cli {

void printCsvHeader(FILE* out);
void printCsvRow(FILE* out, const QString& address, const reports::OpenedSecret& secret);
/// One endpoint as a JSON object: {"address":..,"secrets":[{"role":..,"value":..},..]}.
void printJsonEndpoint(FILE* out, const reports::OpenedEndpoint& endpoint);
/// One master as a JSON object: {"name":..,"kcv":..,"value":..}.
void printJsonMaster(FILE* out, const reports::OpenedSecret& master);

} // namespace kps::cli
