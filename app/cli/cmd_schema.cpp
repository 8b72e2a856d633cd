// nbhd schema: the district data set's layers and fields (the README's data set table comes from here).

#include <iostream>

#include "app/cli/app.hpp"
#include "app/cli/output.hpp"
#include "app/i18n/i18n.hpp"
#include "gis/district/schema.hpp"

namespace app::cli {
namespace {

const char* type_name(gis::io::FieldType t) {
    switch (t) {
        case gis::io::FieldType::Integer:
            return "integer";
        case gis::io::FieldType::Real:
            return "real";
        case gis::io::FieldType::String:
            return "text";
        case gis::io::FieldType::Date:
            return "date";
        default:
            return "other";
    }
}

void register_schema(CLI::App& root, Context& ctx) {
    auto* cmd = root.add_subcommand("schema", _("List the district data set's layers and fields"));
    static bool json = false;
    static bool markdown = false;
    cmd->add_flag("--json", json, _("Print JSON"));
    cmd->add_flag("--markdown", markdown, _("Print a Markdown table"));
    cmd->callback([&ctx] {
        (void)ctx;
        bool zh = i18n::language() == i18n::Lang::Zh;
        if (json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& s : gis::district::layer_schemas()) {
                nlohmann::json fields = nlohmann::json::array();
                for (const auto& f : s.fields)
                    fields.push_back({{"name", f.name}, {"type", type_name(f.type)}});
                out.push_back({{"layer", s.name},
                               {"geometry", s.geometry},
                               {"title_zh", s.title_zh},
                               {"title_en", s.title_en},
                               {"fields", fields}});
            }
            print_json(out);
            return;
        }
        if (markdown) std::cout << "| layer | geometry | content | fields |\n|---|---|---|---|\n";
        for (const auto& s : gis::district::layer_schemas()) {
            std::string fields;
            for (const auto& f : s.fields) fields += (fields.empty() ? "" : ", ") + f.name;
            if (markdown)
                std::cout << "| `" << s.name << "` | " << s.geometry << " | " << s.title_zh << " "
                          << s.title_en << " | " << fields << " |\n";
            else
                std::cout << pad(s.name, 20) << pad(s.geometry, 11) << pad(zh ? s.title_zh : s.title_en, 28)
                          << fields << '\n';
        }
    });
}

}  // namespace

NBHD_REGISTER_COMMAND(15, register_schema);

}  // namespace app::cli
