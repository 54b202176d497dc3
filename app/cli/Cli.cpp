#include "Cli.h"

#include "DoctorCommands.h"
#include "EntraCommands.h"
#include "TokenCommands.h"

namespace km::cli {

namespace {

QList<CommandEntry> allCommands()
{
    return profileCommands() + keyManagerCommands() + planCommands() + keyManagerFormCommands() + applicationCommands() + asgardeoCommands()
           + entraCommands() + tokenCommands() + doctorCommands();
}

} // namespace

bool wantsPdf(const QStringList &arguments)
{
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == QLatin1String("--format=pdf") || (arguments.at(i) == QLatin1String("--format") && arguments.value(i + 1) == QLatin1String("pdf")))
            return true;
    }
    return false;
}

QString helpText()
{
    QString text = QStringLiteral("Usage: kmconsole-cli COMMAND [OPTIONS]\n\n"
                                  "Sets up Asgardeo and Microsoft Entra ID as key managers of WSO2 API Manager.\n"
                                  "Exit status: 0 success, 1 remote or validation failure, 2 bad usage.\n\nCommands:\n");
    for (const CommandEntry &c : allCommands())
        text += QStringLiteral("  kmconsole-cli ") + c.synopsis + QLatin1Char('\n');
    text += QStringLiteral("\nOptions:\n  --help     this text\n  --version  the version\n\n"
                           "Every command takes --help for its own options, e.g. kmconsole-cli token inspect --help.\n");
    return text;
}

void start(CliContext &ctx, const QStringList &arguments)
{
    if (arguments.isEmpty()) {
        ctx.printError(helpText());
        ctx.finish(Usage);
        return;
    }
    if (arguments.first() == QLatin1String("--help") || arguments.first() == QLatin1String("-h")) {
        ctx.write(helpText().toUtf8());
        ctx.finish(Success);
        return;
    }
    if (arguments.first() == QLatin1String("--version")) {
        ctx.print(QStringLiteral("kmconsole-cli " KM_VERSION));
        ctx.finish(Success);
        return;
    }
    // The longest command whose words start the arguments.
    const QList<CommandEntry> commands = allCommands();
    const CommandEntry *match = nullptr;
    for (const CommandEntry &c : commands) {
        if (arguments.size() >= c.words.size() && arguments.mid(0, c.words.size()) == c.words && (!match || c.words.size() > match->words.size()))
            match = &c;
    }
    if (!match) {
        ctx.usage(QStringLiteral("unknown command “%1”").arg(arguments.join(QLatin1Char(' '))));
        return;
    }
    match->run(ctx, arguments.mid(match->words.size()));
}

} // namespace km::cli
