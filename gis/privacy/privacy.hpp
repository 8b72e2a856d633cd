#pragma once
/// @file
/// Personal data (names, phones, ID numbers, low-income status) is masked by default in every output.
/// Showing it unmasked is an explicit act that is recorded in the data set's audit table.
///
/// The audit table is a hash chain: each record carries its place in the chain (`seq`) and the SHA-256
/// of the previous record's hash and its own fields (`hash`), and the one-row table `audit_head` holds the
/// last record's place, id and hash, written in the same transaction. verify_audit() then finds a record
/// deleted, changed or moved by another program (sqlite3, ogrinfo -sql), the last records deleted, and a
/// record added without its hash. What it cannot find: someone who recomputes every hash after the change
/// and rewrites the head (the chain has no secret key), or who removes both the hashes and the head, which
/// reads as a log written before the chain existed.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/result.hpp"
#include "gis/io/dataset.hpp"

namespace gis::privacy {

/// 张伟 -> 张*, 张小伟 -> 张*伟, 欧阳小明 -> 欧**明; Latin names keep the first letter.
std::string mask_name(std::string_view name);
/// 13812345678 -> 138****5678; shorter numbers keep only the last 2 digits.
std::string mask_phone(std::string_view phone);
/// Only the last 4 characters: ************1234.
std::string mask_id_number(std::string_view id);

/// The audit table's layer name and schema.
inline constexpr const char* kAuditLayer = "audit";
/// The one-row table that holds the chain's last record (seq, record, hash).
inline constexpr const char* kAuditHeadLayer = "audit_head";

/// The audit table's fields, and its head's (one row: seq, record, hash).
const std::vector<io::FieldDef>& audit_fields();
const std::vector<io::FieldDef>& audit_head_fields();

struct AuditRecord {
    std::int64_t id = -1;
    std::string time;        ///< ISO 8601 UTC, e.g. 2026-11-25T09:30:00Z
    std::string user;        ///< OS user name
    std::string action;      ///< reveal, export, ...
    std::string query;       ///< the command line or query that led to it
    std::string households;  ///< every household number concerned (see compress_household_numbers)
    std::int64_t count = 0;  ///< number of households concerned
    std::int64_t seq = 0;    ///< place in the hash chain (1, 2, ...); 0 for a record written before it
    std::string hash;        ///< SHA-256 (hex) of the previous record's hash and this record; empty before
    bool chained() const { return seq > 0 || !hash.empty(); }
};

/// The hash of a record given the previous record's hash (kAuditGenesis for the first in the chain):
/// SHA-256 of the previous hash and the record's seq, id, time, user, action, query, households and count,
/// each with its length.
std::string audit_chain_hash(const std::string& previous_hash, const AuditRecord& record);
/// The "previous hash" of the chain's first record.
inline constexpr const char* kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// What verify_audit found.
struct AuditVerification {
    enum class Break {
        None,
        Edited,        ///< the record's fields or hash do not match: changed after it was written
        Missing,       ///< the record does not follow the one before it: records deleted or moved
        Unchained,     ///< a record without a hash after chained ones: added or changed by another program
        TailMissing,   ///< the head names a later record than the last one: records deleted from the end
        HeadMissing,   ///< chained records but no chain head
        HeadMismatch,  ///< the head does not match the last record
    };
    std::int64_t records = 0;    ///< every record in the table
    std::int64_t unchained = 0;  ///< records written before the chain existed (they precede it)
    Break problem = Break::None;
    std::int64_t record = -1;    ///< the id of the record where the chain breaks
    std::int64_t previous = -1;  ///< the id of the last record before it that is in order (-1: none)
    bool intact() const { return problem == Break::None; }
};

/// Household numbers as one complete, compact list: comma-separated, runs of three or more consecutive
/// numbers of one series written as a range ("CH-0001..CH-0500,CH-0502"). Order and duplicates do not
/// matter; nothing is ever cut.
std::string compress_household_numbers(std::vector<std::string> numbers);
/// Whether a list written by compress_household_numbers includes `household_no` (ranges expanded).
bool list_includes(std::string_view list, std::string_view household_no);

/// The OS user running this process (getpwuid, else $USER, else "uid N").
std::string current_user();
/// The current UTC time as ISO 8601.
std::string now_iso8601();

/// Appends one audit record, chained to the last one, and moves the chain head, in one transaction. Fails
/// (and the caller must then not reveal anything) when the data set cannot be written. An audit table
/// from before the chain gets its new columns; its old records stay as they are (unchained).
Result<void> append_audit(const std::string& dataset_path, const std::string& action,
                          const std::string& query, const std::vector<std::string>& household_numbers);
/// Every audit record, oldest first (empty when the table does not exist yet).
Result<std::vector<AuditRecord>> read_audit(const std::string& dataset_path);
/// Checks the audit table's hash chain and head (see the file's comment for what it can find).
Result<AuditVerification> verify_audit(const std::string& dataset_path);

}  // namespace gis::privacy
