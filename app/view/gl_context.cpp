#include "app/view/gl_context.hpp"

#include <GLFW/glfw3.h>

#include <cstdlib>
#include <string>

#include "app/i18n/i18n.hpp"
#include "gis/core/i18n.hpp"
#include "app/render/gl.hpp"

namespace app::view {

namespace {
std::string g_glfw_error;
void on_glfw_error(int code, const char* text) {
    g_glfw_error = "GLFW error " + std::to_string(code) + ": " + (text ? text : "");
}
}  // namespace

bool have_display() {
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY"})
        if (const char* s = std::getenv(v); s && *s) return true;
    return false;
}

std::string no_display_message(const std::string& command) {
    // Two sentences, with the language's own full stop between them.
    return gis::i18n::format(_("{0}. {1}"), i18n::tr("common.no_display"), i18n::tr("view.no_display_hint")) +
           "\n  xvfb-run -a -s \"-screen 0 1920x1080x24\" nbhd " + command;
}

gis::Result<std::unique_ptr<GlWindow>> GlWindow::create(const Options& o, const std::string& command) {
    if (!have_display()) return gis::make_error(gis::ErrorCode::Io, no_display_message(command));
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit())
        return gis::make_error(gis::ErrorCode::Io, no_display_message(command) + "\n(" + g_glfw_error + ")");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, o.visible ? GLFW_TRUE : GLFW_FALSE);
    glfwWindowHint(GLFW_SAMPLES, o.samples);
    std::unique_ptr<GlWindow> w(new GlWindow());
    w->window_ = glfwCreateWindow(o.width, o.height, o.title.c_str(), nullptr, nullptr);
    if (!w->window_) {
        glfwTerminate();
        return gis::make_error(gis::ErrorCode::Io,
                               std::string(i18n::tr("view.no_gl")) + " (" + g_glfw_error + ")");
    }
    glfwMakeContextCurrent(w->window_);
    return w;
}

GlWindow::~GlWindow() {
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

std::string GlWindow::renderer() const {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    return r ? r : "?";
}

}  // namespace app::view
