#pragma once
/// @file
/// Thematic styles of the gas pipe layer: the network look (mains by pressure, service pipes, renewal),
/// and themes by pressure class, diameter, age (install year), material and renewal status. Each theme
/// is a complete LayerStyle for the `gas_pipes` layer, with one legend entry per class; line widths
/// follow the diameter in every theme. GL-free.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/view/core/style.hpp"

namespace app::view {

enum class GasTheme { Network, Pressure, Diameter, Age, Material, Renewal };

/// Every theme in menu order.
const std::vector<GasTheme>& gas_themes();
/// Stable name used by `--panel-set gas.theme=NAME`: network, pressure, diameter, age, material, renewal.
const char* gas_theme_name(GasTheme t);
std::optional<GasTheme> gas_theme_from(const std::string& name);
/// Translation key of the theme's name in the theme menu.
const char* gas_theme_title_key(GasTheme t);

/// The attributes of a pipe that the themes read.
struct GasPipeAttributes {
    std::string kind;      ///< main, service
    std::string pressure;  ///< low, medium-b, medium-a
    std::string material;  ///< pe, steel, cast_iron
    std::string status;    ///< in_service, renewal
    int diameter_mm = 0;
    int year = 0;  ///< install year; 0 when unknown
};

/// The class (index into the theme style's `styles`) of a pipe.
int gas_theme_class(GasTheme t, const GasPipeAttributes& pipe);

/// Line width in pixels for a pipe of this diameter (thicker mains read as more important).
float gas_pipe_width_px(double diameter_mm);

/// The style of the `gas_pipes` layer under a theme. GasTheme::Network is the district's default look.
LayerStyle gas_pipe_style(GasTheme t);

}  // namespace app::view
