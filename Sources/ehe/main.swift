import EHECommands
import Foundation

exit(await EHE.run(arguments: Array(CommandLine.arguments.dropFirst())))
