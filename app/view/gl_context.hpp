#pragma once
/// @file
/// The GLFW window and its OpenGL 3.3 core context (visible for the viewer, hidden for off-screen
/// rendering). Without a display, creation fails with a message that says how to get one (Xvfb).

#include <memory>
#include <string>

#include "gis/core/result.hpp"

struct GLFWwindow;

namespace app::view {

/// True when a display is configured (DISPLAY or WAYLAND_DISPLAY).
bool have_display();
/// The message for a missing display, with the xvfb-run command line to use instead.
std::string no_display_message(const std::string& command);

class GlWindow {
  public:
    struct Options {
        int width = 1280, height = 800;
        bool visible = true;
        int samples = 0;  ///< multisampling of the window's own framebuffer
        std::string title = "nbhd";
    };
    /// Initialises GLFW and creates the window with its context made current.
    static gis::Result<std::unique_ptr<GlWindow>> create(const Options& options, const std::string& command);
    ~GlWindow();
    GlWindow(const GlWindow&) = delete;
    GlWindow& operator=(const GlWindow&) = delete;

    GLFWwindow* handle() const { return window_; }
    /// "llvmpipe (LLVM 15.0.6, 256 bits)", from GL_RENDERER.
    std::string renderer() const;

  private:
    GlWindow() = default;
    GLFWwindow* window_ = nullptr;
};

}  // namespace app::view
