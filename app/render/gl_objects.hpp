#pragma once
/// @file
/// Move-only owners of OpenGL objects. Each deletes its object when destroyed; copying is deleted.
/// Creating them needs a current GL context; so does destroying them.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "app/render/gl.hpp"
#include "gis/core/result.hpp"

namespace app::render {

namespace detail {
/// A GL object name with a deleter; the base of every wrapper.
template <class Tag>
class GlName {
  public:
    GlName() = default;
    explicit GlName(GLuint id) : id_(id) {}
    GlName(const GlName&) = delete;
    GlName& operator=(const GlName&) = delete;
    GlName(GlName&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
    GlName& operator=(GlName&& o) noexcept {
        if (this != &o) {
            reset();
            id_ = std::exchange(o.id_, 0);
        }
        return *this;
    }
    ~GlName() { reset(); }
    GLuint id() const { return id_; }
    explicit operator bool() const { return id_ != 0; }
    void reset() {
        if (id_) Tag::destroy(id_);
        id_ = 0;
    }

  private:
    GLuint id_ = 0;
};
struct ShaderTag {
    static void destroy(GLuint id) { glDeleteShader(id); }
};
struct ProgramTag {
    static void destroy(GLuint id) { glDeleteProgram(id); }
};
struct BufferTag {
    static void destroy(GLuint id) { glDeleteBuffers(1, &id); }
};
struct VertexArrayTag {
    static void destroy(GLuint id) { glDeleteVertexArrays(1, &id); }
};
struct TextureTag {
    static void destroy(GLuint id) { glDeleteTextures(1, &id); }
};
struct FramebufferTag {
    static void destroy(GLuint id) { glDeleteFramebuffers(1, &id); }
};
struct RenderbufferTag {
    static void destroy(GLuint id) { glDeleteRenderbuffers(1, &id); }
};
}  // namespace detail

/// A compiled shader stage. Compile errors come back with the driver's info log.
class Shader : public detail::GlName<detail::ShaderTag> {
  public:
    static gis::Result<Shader> compile(GLenum stage, const std::string& source, const std::string& name);

  private:
    using GlName::GlName;
};

/// A linked program.
class Program : public detail::GlName<detail::ProgramTag> {
  public:
    /// Compiles and links a vertex and a fragment shader; errors name the file and carry the info log.
    static gis::Result<Program> link(const std::string& vertex_name, const std::string& vertex_source,
                                     const std::string& fragment_name, const std::string& fragment_source);
    /// Links the program from two files of shaders/ (embedded, or read from the source tree).
    static gis::Result<Program> from_files(const std::string& vertex_file, const std::string& fragment_file);
    GLint uniform(const char* name) const { return glGetUniformLocation(id(), name); }
    void use() const { glUseProgram(id()); }

  private:
    using GlName::GlName;
};

/// A buffer object (vertices, indices, texture buffer data).
class Buffer : public detail::GlName<detail::BufferTag> {
  public:
    static Buffer create();
    /// Binds to `target` and replaces the contents.
    void upload(GLenum target, const void* data, std::size_t bytes, GLenum usage = GL_STATIC_DRAW);
    std::size_t size() const { return size_; }

  private:
    using GlName::GlName;
    std::size_t size_ = 0;
};

class VertexArray : public detail::GlName<detail::VertexArrayTag> {
  public:
    static VertexArray create();
    void bind() const { glBindVertexArray(id()); }

  private:
    using GlName::GlName;
};

class Texture : public detail::GlName<detail::TextureTag> {
  public:
    static Texture create();
    /// A texture whose texels are the contents of `buffer` (GL_TEXTURE_BUFFER), e.g. GL_RGBA32F.
    static Texture for_buffer(const Buffer& buffer, GLenum internal_format);

  private:
    using GlName::GlName;
};

class Renderbuffer : public detail::GlName<detail::RenderbufferTag> {
  public:
    static Renderbuffer create(GLenum format, int width, int height, int samples);

  private:
    using GlName::GlName;
};

/// Multisampling for frames drawn while the user interacts (the viewer's map, the render benchmark):
/// 4 samples on a GPU; 1 on a software rasteriser (llvmpipe, softpipe, swrast), where 4x multisampling
/// costs three quarters of the frame — lines, outlines, points and text are anti-aliased in their
/// shaders anyway. NBHD_MSAA=N overrides. Exports and overview tiles always use 4. Needs a current
/// context.
int interactive_samples();
/// True when the current context renders in software.
bool software_renderer();

/// An off-screen render target: RGBA8 colour and depth-stencil, optionally multisampled (then resolved
/// into a plain colour texture by resolve()).
class Framebuffer {
  public:
    /// Errors when the driver reports the framebuffer incomplete (e.g. too large).
    static gis::Result<Framebuffer> create(int width, int height, int samples);
    Framebuffer() = default;
    Framebuffer(Framebuffer&&) noexcept = default;
    Framebuffer& operator=(Framebuffer&&) noexcept = default;

    int width() const { return width_; }
    int height() const { return height_; }
    int samples() const { return samples_; }
    /// Binds for drawing and sets the viewport to the whole target.
    void bind() const;
    /// Copies the multisampled image into the resolved texture (a no-op without multisampling).
    void resolve() const;
    /// The resolved colour texture.
    GLuint texture() const { return colour_tex_.id(); }
    /// The framebuffer holding the resolved image (for reading pixels or blitting to the screen).
    GLuint resolved_fbo() const { return samples_ > 1 ? resolve_fbo_.id() : fbo_.id(); }
    /// Reads the resolved image as RGBA8, bottom row first.
    std::vector<unsigned char> read_rgba() const;
    explicit operator bool() const { return static_cast<bool>(fbo_); }

  private:
    detail::GlName<detail::FramebufferTag> fbo_, resolve_fbo_;
    Renderbuffer colour_ms_, depth_;
    Texture colour_tex_;
    int width_ = 0, height_ = 0, samples_ = 0;
};

/// The GL error queue, drained; empty when there was none (debugging aid).
std::string gl_errors();

}  // namespace app::render
