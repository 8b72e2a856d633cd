// nbhd district push|list and nbhd server init: districts on a shared PostgreSQL + PostGIS server.

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "gis/core/strings.hpp"
#include "gis/io/pg.hpp"
#include "gis/server/server.hpp"

namespace app::cli {
namespace {

using i18n::tr;

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

void print_push(const gis::server::PushReport& r, bool json) {
    if (json) {
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& l : r.layers) layers.push_back({{"layer", l.name}, {"rows", l.rows}});
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& l : r.kept) kept.push_back({{"layer", l.name}, {"rows", l.rows}});
        print_json({{"schema", r.schema},
                    {"name", r.name},
                    {"layers", layers},
                    {"kept", kept},
                    {"secured", r.secured},
                    {"seconds", r.seconds}});
        return;
    }
    for (const auto& l : r.layers) print_row("  " + l.name, gis::with_commas(l.rows), 24);
    if (!r.kept.empty()) {
        std::cout << tr("server.kept") << ":\n";
        for (const auto& l : r.kept) print_row("  " + l.name, gis::with_commas(l.rows), 24);
    }
    std::cout << tr("server.pushed") << ": " << r.name << " → " << r.schema << " ("
              << gis::fmt_fixed(r.seconds, 1) << " s)\n";
    if (!r.secured) std::cout << tr("server.not_secured") << '\n';
    std::cout << tr("server.next") << ": nbhd --data PG:...?schema=" << r.schema << " info\n";
}

}  // namespace

void print_pushed(const gis::server::PushReport& r) { print_push(r, false); }

void register_server(CLI::App& root, Context& ctx) {
    auto* district = subcommand_group(root, "district", _("Your own community's files"));

    static std::string push_source, push_to, push_schema;
    static bool push_replace = false, push_json = false;
    auto* push = district->add_subcommand(
        "push", _("Put a district on a PostgreSQL + PostGIS server, in its own schema, in one transaction"));
    push->add_option("source", push_source,
                     _("The district GeoPackage (default: --data, or the sample's working copy)"))
        ->type_name("FILE");
    push->add_option("--to", push_to,
                     _("The server: PG:\"host=... dbname=... user=...\" (password in ~/.pgpass)"))
        ->required()
        ->type_name("PG:...");
    push->add_option("--schema", push_schema,
                     _("The district's schema name (default: ?schema= of --to, else the file's name)"))
        ->type_name("NAME");
    push->add_flag(
        "--replace", push_replace,
        _("Replace a district of that name on the server: the map and register from the file; its plans "
        "and audit log stay"));
    push->add_flag("--json", push_json, _("Print the report as JSON"));
    push->callback([&ctx] {
        if (!gis::io::pg::is_pg(push_to))
            return ctx.fail(
                {gis::ErrorCode::BadInput, _("--to must be a PostgreSQL connection: PG:\"host=... "
                                             "dbname=...\" (to write a file, use district import or "
                                             "generate)")});
        gis::io::pg::move_password_to_environment(push_to);
        std::string source = push_source;
        if (source.empty()) {
            auto p = ctx.dataset_path();
            if (!p) return ctx.fail(p.error());
            source = p.value();
        }
        auto r = gis::server::push_district(source, push_to, {push_schema, push_replace});
        if (!r) return ctx.fail(r.error());
        print_push(r.value(), push_json);
    });

    static bool list_json = false;
    auto* list = district->add_subcommand("list", _("The districts on a server (--data PG:...)"));
    list->add_flag("--json", list_json, _("Print them as JSON"));
    list->callback([&ctx] {
        if (!gis::io::pg::is_pg(ctx.data))
            return ctx.fail(
                {gis::ErrorCode::BadInput, _("district list names the districts on a server: give --data "
                                             "PG:\"host=... dbname=...\"")});
        auto r = gis::server::list_districts(ctx.data);
        if (!r) return ctx.fail(r.error());
        if (list_json) {
            nlohmann::json rows = nlohmann::json::array();
            for (const auto& d : *r)
                rows.push_back({{"schema", d.schema},
                                {"name", d.name},
                                {"name_en", d.name_en},
                                {"buildings", d.buildings},
                                {"households", d.households},
                                {"pushed_at", d.pushed_at},
                                {"pushed_by", d.pushed_by}});
            return print_json({{"districts", rows}});
        }
        std::vector<std::vector<std::string>> rows = {{tr("server.schema"), tr("server.name"),
                                                       tr("server.buildings"), tr("server.households"),
                                                       tr("server.pushed_at"), tr("server.pushed_by")}};
        for (const auto& d : *r)
            rows.push_back(
                {d.schema, i18n::language() == i18n::Lang::En && !d.name_en.empty() ? d.name_en : d.name,
                 gis::with_commas(d.buildings), gis::with_commas(d.households), d.pushed_at, d.pushed_by});
        print_text_table(rows);
    });

    auto* server = root.add_subcommand("server", _("A shared PostgreSQL + PostGIS server for the office"));
    server->require_subcommand(1);
    static std::string init_target;
    auto* init = server->add_subcommand(
        "init",
        _("Create nbhd's roles (nbhd_presenter, nbhd_planner, nbhd_staff, nbhd_admin, and nbhd_staff_DISTRICT "
        "per district), the masked household views, the audited reveal function and the row-level "
        "policies; secures every district on the server. Running it again is harmless"));
    init->add_option("target", init_target, _("The server (default: --data)"))->type_name("PG:...");
    init->callback([&ctx] {
        std::string target = init_target.empty() ? ctx.data : init_target;
        if (!gis::io::pg::is_pg(target))
            return ctx.fail(
                {gis::ErrorCode::BadInput, _("server init needs a server: nbhd server init PG:\"host=... "
                                             "dbname=...\"")});
        gis::io::pg::move_password_to_environment(target);
        auto r = gis::server::init_server(target);
        if (!r) return ctx.fail(r.error());
        std::cout << tr("server.roles_created") << ": "
                  << (r->roles_created.empty() ? "-" : join(r->roles_created)) << '\n'
                  << tr("server.districts_secured") << ": "
                  << (r->districts_secured.empty() ? "-" : join(r->districts_secured)) << '\n'
                  << tr("server.init_next") << '\n';
    });
}

NBHD_REGISTER_COMMAND(36, register_server);

}  // namespace app::cli
