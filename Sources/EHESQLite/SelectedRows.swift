internal import Foundation
internal import GRDB
internal import GRDBSQLite

/// A query that names its columns, whose rows are copied out of SQLite and read by column name.
///
/// GRDB's `Row` finds a column by name by lower-casing every column name up to the match, on every lookup,
/// and builds the list of column names for every query; opening one case does ~60 lookups over 8 queries,
/// and that was more than a third of the time. Here the columns are fixed in the code, so the name-to-position
/// table is built once, and values are read straight from the statement.
struct SelectedQuery: Sendable {
    let sql: String
    private let positions: [String: Int]

    /// `SELECT` the named columns `FROM` a table (or a join in which the names are unambiguous), then `tail`.
    init(_ columns: [String], from source: String, _ tail: String) {
        sql = "SELECT " + columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM " + source + " " + tail
        positions = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
    }

    fileprivate func position(_ name: String) -> Int {
        guard let position = positions[name] else { preconditionFailure("column '\(name)' is not selected") }
        return position
    }

    /// Runs the query (as a cached statement) and copies out every row.
    func fetchAll(_ db: Database, arguments: StatementArguments) throws -> [SelectedRow] {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        let count = sqlite3_column_count(handle)
        var rows: [SelectedRow] = []
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
            rows.append(SelectedRow(values: (0..<count).map { StoredValue(handle, $0) }, query: self))
        }
    }

    func fetchOne(_ db: Database, arguments: StatementArguments) throws -> SelectedRow? {
        try fetchAll(db, arguments: arguments).first
    }
}

/// One value as SQLite stored it.
enum StoredValue: Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    init(_ statement: OpaquePointer, _ column: Int32) {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: self = .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: self = .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let text = sqlite3_column_text(statement, column) else {
                self = .text("")
                return
            }
            self = .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard let bytes = sqlite3_column_blob(statement, column), count > 0 else {
                self = .blob(Data())
                return
            }
            self = .blob(Data(bytes: bytes, count: count))
        default: self = .null
        }
    }
}

/// A row of a `SelectedQuery`. Reading a column as a type it does not hold (NULL as a non-optional, text as
/// a number) throws `StoredValueError`, which callers report as an integrity error naming the case.
struct SelectedRow: Sendable {
    fileprivate let values: [StoredValue]
    fileprivate let query: SelectedQuery

    subscript<Value: StoredValueConvertible>(_ name: String) -> Value {
        get throws {
            guard let value = Value(stored: values[query.position(name)]) else { throw CaseRows.StoredValueError() }
            return value
        }
    }
}

/// A Swift type a stored value can be read as.
protocol StoredValueConvertible {
    /// nil when the stored value is not of this type.
    init?(stored: StoredValue)
}

extension String: StoredValueConvertible {
    init?(stored: StoredValue) {
        guard case .text(let text) = stored else { return nil }
        self = text
    }
}

extension Int64: StoredValueConvertible {
    init?(stored: StoredValue) {
        guard case .integer(let value) = stored else { return nil }
        self = value
    }
}

extension Int: StoredValueConvertible {
    init?(stored: StoredValue) {
        guard case .integer(let value) = stored else { return nil }
        self = Int(value)
    }
}

extension Bool: StoredValueConvertible {
    init?(stored: StoredValue) {
        guard case .integer(let value) = stored else { return nil }
        self = value != 0
    }
}

extension Data: StoredValueConvertible {
    init?(stored: StoredValue) {
        guard case .blob(let bytes) = stored else { return nil }
        self = bytes
    }
}

extension Optional: StoredValueConvertible where Wrapped: StoredValueConvertible {
    init?(stored: StoredValue) {
        if case .null = stored {
            self = .none
            return
        }
        guard let value = Wrapped(stored: stored) else { return nil }
        self = .some(value)
    }
}
