internal import Configuration
public import EHECore
import Foundation

/// The register's configuration: one `ConfigReader` over command-line flags, `EHE_*` environment
/// variables and `Config/settings.json`, in that order of precedence, for the keys of `SettingKey.all`.
/// Secrets (the keyring) are marked secret in the reader and redacted wherever configuration is shown.
public struct RegisterConfiguration: Sendable {
    /// Where a value came from.
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        case flag(String)
        case environment(String)
        case file(String)
        case unset

        public var description: String {
            switch self {
            case .flag(let name): "flag \(name)"
            case .environment(let name): "environment \(name)"
            case .file(let path): path
            case .unset: "default"
            }
        }
    }

    /// One key's effective value, for `ehe config show` (a secret's value is never held here).
    public struct Effective: Sendable, Hashable, Codable {
        public var key: String
        /// The value as text; `<redacted>` for a secret that is set; nil when not set.
        public var value: String?
        public var source: String
        public var secret: Bool
        /// What applies when it is not set.
        public var defaultValue: String
    }

    public let home: RegisterHome
    /// The settings every part of the register reads.
    public let settings: Settings
    let reader: ConfigReader
    let sources: [String: Source]

    /// The keyring JSON given as a secret (`EHE_KEYRING`), if any.
    public var keyring: String? { reader.string(forKey: ConfigKey("keyring"), isSecret: true) }

    /// Where `key` was set.
    public func source(of key: String) -> Source { sources[key] ?? .unset }

    /// Every key with its effective value and where it came from; secrets redacted.
    public var effective: [Effective] {
        SettingKey.all.map { spec in
            let source = source(of: spec.key)
            var text: String?
            if source != .unset {
                if spec.secret {
                    text = "<redacted>"
                } else {
                    switch spec.kind {
                    case .string: text = reader.string(forKey: ConfigKey(spec.key))
                    case .int: text = reader.int(forKey: ConfigKey(spec.key)).map(String.init)
                    case .bool: text = reader.bool(forKey: ConfigKey(spec.key)).map(String.init)
                    }
                }
            }
            return Effective(key: spec.key, value: text, source: source.description, secret: spec.secret, defaultValue: spec.defaultText)
        }
    }

    /// Reads the configuration of the register at `home`.
    ///
    /// - Parameter flags: values given on the command line, by setting key (`server.port`: `"8081"`).
    /// Throws naming the key and where it came from when a value has the wrong type, and for a key in
    /// settings.json that the register does not know (a misspelt key would otherwise be ignored).
    public static func load(
        home: RegisterHome,
        environment: [String: String],
        flags: [String: String] = [:]
    ) throws(RegisterError) -> RegisterConfiguration {
        let filePath = home.configDirectory + "/settings.json"
        let fileName = "Config/settings.json"
        let fileValues = try readFile(filePath, shownAs: fileName)
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, text) in flags {
            guard let spec = SettingKey.byKey[key] else { continue }
            let content: ConfigContent
            switch spec.kind {
            case .string: content = .string(text)
            case .int:
                guard let number = Int(text) else { throw .configuration("\(spec.flag ?? key): must be \(spec.kind.described)") }
                content = .int(number)
            case .bool:
                guard let flag = Bool(text) else { throw .configuration("\(spec.flag ?? key): must be \(spec.kind.described)") }
                content = .bool(flag)
            }
            flagValues[AbsoluteConfigKey(ConfigKey(key).components)] = ConfigValue(content, isSecret: spec.secret)
        }
        let secretVariables = Set(SettingKey.all.filter(\.secret).compactMap(\.environment))
        // Each key reads the one environment variable named for it in `SettingKey.all` (none: an empty
        // name, which no environment holds).
        let environmentLayer = KeyMappingProvider(
            upstream: EnvironmentVariablesProvider(
                environmentVariables: environment,
                secretsSpecifier: .specific(secretVariables)
            )
        ) { key in
            AbsoluteConfigKey([SettingKey.byKey[key.components.joined(separator: ".")]?.environment ?? ""])
        }
        let layers: [(provider: any ConfigProvider, source: (SettingKey) -> Source)] = [
            (InMemoryProvider(name: "flags", values: flagValues), { .flag($0.flag ?? "--\($0.key)") }),
            (environmentLayer, { .environment($0.environment ?? "") }),
            (InMemoryProvider(name: fileName, values: fileValues), { _ in .file(fileName) }),
        ]
        let reader = ConfigReader(providers: layers.map(\.provider))

        // Where each key is set, and its value, typed: a value that is not of the key's type is an error
        // naming the key and its source.
        var sources: [String: Source] = [:]
        var tree: [String: Any] = [:]
        for spec in SettingKey.all {
            let key = AbsoluteConfigKey(ConfigKey(spec.key).components)
            for layer in layers {
                let found: LookupResult
                do {
                    found = try layer.provider.value(forKey: key, type: spec.kind.configType)
                } catch {
                    throw .configuration("\(spec.key) (from \(layer.source(spec))): must be \(spec.kind.described)")
                }
                if found.value != nil {
                    sources[spec.key] = layer.source(spec)
                    break
                }
            }
            guard let source = sources[spec.key], !spec.secret else { continue }
            let configKey = ConfigKey(spec.key)
            let value: Any?
            switch spec.kind {
            case .string: value = reader.string(forKey: configKey)
            case .int: value = reader.int(forKey: configKey)
            case .bool: value = reader.bool(forKey: configKey)
            }
            guard let value else { throw .configuration("\(spec.key) (from \(source)): must be \(spec.kind.described)") }
            insert(value, at: configKey.components, into: &tree)
        }
        if tree["dataDirectory"] == nil { tree["dataDirectory"] = "data" }
        let settings: Settings
        do {
            settings = try JSONDecoder().decode(Settings.self, from: try JSONSerialization.data(withJSONObject: tree))
        } catch {
            throw .configuration("the settings are incomplete: \(describe(error))")
        }
        return RegisterConfiguration(home: home, settings: settings, reader: reader, sources: sources)
    }

    /// settings.json as typed values by key; null is "not set".
    static func readFile(_ path: String, shownAs name: String) throws(RegisterError) -> [AbsoluteConfigKey: ConfigValue] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .configuration("cannot read \(path)") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw .configuration("\(name) is not a JSON object")
        }
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func walk(_ object: [String: Any], _ prefix: [String]) throws(RegisterError) {
            for (field, value) in object {
                let path = prefix + [field]
                let key = path.joined(separator: ".")
                if let nested = value as? [String: Any], SettingKey.byKey[key] == nil {
                    try walk(nested, path)
                    continue
                }
                guard let spec = SettingKey.byKey[key] else {
                    throw .configuration("\(name): unknown setting '\(key)' (see docs/configuration.md, or `ehe config show`)")
                }
                if value is NSNull { continue }
                if spec.secret {
                    throw .configuration("\(key) is a secret: set it in the environment (\(spec.environment ?? "")), never in \(name)")
                }
                let content: ConfigContent
                switch spec.kind {
                case .string:
                    guard let text = value as? String else { throw .configuration("\(key) (from \(name)): must be a string") }
                    content = .string(text)
                case .int:
                    guard let number = value as? NSNumber, let whole = Int(exactly: number.doubleValue) else {
                        throw .configuration("\(key) (from \(name)): must be a whole number")
                    }
                    content = .int(whole)
                case .bool:
                    guard let flag = value as? Bool else { throw .configuration("\(key) (from \(name)): must be true or false") }
                    content = .bool(flag)
                }
                values[AbsoluteConfigKey(path)] = ConfigValue(content, isSecret: spec.secret)
            }
        }
        try walk(object, [])
        return values
    }

    static func insert(_ value: Any, at path: [String], into tree: inout [String: Any]) {
        guard let first = path.first else { return }
        if path.count == 1 {
            tree[first] = value
            return
        }
        var child = tree[first] as? [String: Any] ?? [:]
        insert(value, at: Array(path.dropFirst()), into: &child)
        tree[first] = child
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not readable" }
        switch error {
        case .keyNotFound(let key, let context):
            return "'\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has a value it cannot take"
        @unknown default:
            return "not readable"
        }
    }
}

extension SettingKey.Kind {
    var configType: ConfigType {
        switch self {
        case .string: .string
        case .int: .int
        case .bool: .bool
        }
    }

    var described: String {
        switch self {
        case .string: "text"
        case .int: "a whole number"
        case .bool: "true or false"
        }
    }
}
