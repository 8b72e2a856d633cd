#include "app/render/gl_objects.hpp"

#include <cstdlib>
#include <string>

#include "app/render/shader_source.hpp"
#include "gis/core/i18n.hpp"

namespace app::render {

namespace {
std::string info_log(GLuint id, bool program) {
    GLint len = 0;
    if (program)
        glGetProgramiv(id, GL_INFO_LOG_LENGTH, &len);
    else
        glGetShaderiv(id, GL_INFO_LOG_LENGTH, &len);
    std::string log(static_cast<std::size_t>(std::max(len, 1)), '\0');
    if (program)
        glGetProgramInfoLog(id, len, nullptr, log.data());
    else
        glGetShaderInfoLog(id, len, nullptr, log.data());
    while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
    return log;
}
}  // namespace

gis::Result<Shader> Shader::compile(GLenum stage, const std::string& source, const std::string& name) {
    Shader s(glCreateShader(stage));
    if (!s)
        return gis::make_error(gis::ErrorCode::Internal,
                               gis::i18n::format(_("cannot create a shader for {0}"), name));
    const char* text = source.c_str();
    glShaderSource(s.id(), 1, &text, nullptr);
    glCompileShader(s.id());
    GLint ok = GL_FALSE;
    glGetShaderiv(s.id(), GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE)
        return gis::make_error(
            gis::ErrorCode::Internal,
            gis::i18n::format(_("shader {0} does not compile:\n{1}"), name, info_log(s.id(), false)));
    return s;
}

gis::Result<Program> Program::link(const std::string& vertex_name, const std::string& vertex_source,
                                   const std::string& fragment_name, const std::string& fragment_source) {
    auto vs = Shader::compile(GL_VERTEX_SHADER, vertex_source, vertex_name);
    if (!vs) return vs.error();
    auto fs = Shader::compile(GL_FRAGMENT_SHADER, fragment_source, fragment_name);
    if (!fs) return fs.error();
    Program p(glCreateProgram());
    if (!p) return gis::make_error(gis::ErrorCode::Internal, _("cannot create a program"));
    glAttachShader(p.id(), vs->id());
    glAttachShader(p.id(), fs->id());
    glLinkProgram(p.id());
    GLint ok = GL_FALSE;
    glGetProgramiv(p.id(), GL_LINK_STATUS, &ok);
    glDetachShader(p.id(), vs->id());
    glDetachShader(p.id(), fs->id());
    if (ok != GL_TRUE)
        return gis::make_error(gis::ErrorCode::Internal,
                               gis::i18n::format(_("program {0} + {1} does not link:\n{2}"), vertex_name,
                                                 fragment_name, info_log(p.id(), true)));
    return p;
}

gis::Result<Program> Program::from_files(const std::string& vertex_file, const std::string& fragment_file) {
    auto vs = shader_source(vertex_file);
    if (!vs) return vs.error();
    auto fs = shader_source(fragment_file);
    if (!fs) return fs.error();
    return link(vertex_file, *vs, fragment_file, *fs);
}

Buffer Buffer::create() {
    GLuint id = 0;
    glGenBuffers(1, &id);
    return Buffer(id);
}

void Buffer::upload(GLenum target, const void* data, std::size_t bytes, GLenum usage) {
    glBindBuffer(target, id());
    glBufferData(target, static_cast<GLsizeiptr>(bytes), data, usage);
    size_ = bytes;
}

VertexArray VertexArray::create() {
    GLuint id = 0;
    glGenVertexArrays(1, &id);
    return VertexArray(id);
}

Texture Texture::create() {
    GLuint id = 0;
    glGenTextures(1, &id);
    return Texture(id);
}

Texture Texture::for_buffer(const Buffer& buffer, GLenum internal_format) {
    Texture t = create();
    glBindTexture(GL_TEXTURE_BUFFER, t.id());
    glTexBuffer(GL_TEXTURE_BUFFER, internal_format, buffer.id());
    glBindTexture(GL_TEXTURE_BUFFER, 0);
    return t;
}

bool software_renderer() {
    const auto* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const std::string name = r ? r : "";
    return name.find("llvmpipe") != std::string::npos || name.find("softpipe") != std::string::npos ||
           name.find("swrast") != std::string::npos || name.find("Software") != std::string::npos;
}

int interactive_samples() {
    if (const char* env = std::getenv("NBHD_MSAA"); env && *env) {
        const int n = std::atoi(env);
        if (n >= 1 && n <= 16) return n;
    }
    return software_renderer() ? 1 : 4;
}

Renderbuffer Renderbuffer::create(GLenum format, int width, int height, int samples) {
    GLuint id = 0;
    glGenRenderbuffers(1, &id);
    glBindRenderbuffer(GL_RENDERBUFFER, id);
    if (samples > 1)
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples, format, width, height);
    else
        glRenderbufferStorage(GL_RENDERBUFFER, format, width, height);
    glBindRenderbuffer(GL_RENDERBUFFER, 0);
    return Renderbuffer(id);
}

gis::Result<Framebuffer> Framebuffer::create(int width, int height, int samples) {
    GLint max_size = 0, max_samples = 0;
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &max_size);
    glGetIntegerv(GL_MAX_SAMPLES, &max_samples);
    if (width <= 0 || height <= 0 || width > max_size || height > max_size)
        return gis::make_error(gis::ErrorCode::BadInput,
                               gis::i18n::format(_("image size {0}x{1} is beyond what this GPU can draw ({2} "
                                                   "pixels a side)"),
                                                 width, height, max_size));
    Framebuffer f;
    f.width_ = width;
    f.height_ = height;
    f.samples_ = samples > 1 ? std::min(samples, max_samples) : 0;
    if (f.samples_ <= 1) f.samples_ = 0;

    f.colour_tex_ = Texture::create();
    glBindTexture(GL_TEXTURE_2D, f.colour_tex_.id());
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);

    // Creating a framebuffer leaves the caller's bindings as they were: an overview tile made in the
    // middle of an export must not send the rest of the export to the window.
    GLint previous_draw = 0, previous_read = 0;
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_draw);
    glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous_read);
    GLuint id = 0;
    glGenFramebuffers(1, &id);
    f.fbo_ = detail::GlName<detail::FramebufferTag>(id);
    glBindFramebuffer(GL_FRAMEBUFFER, id);
    f.depth_ = Renderbuffer::create(GL_DEPTH24_STENCIL8, width, height, f.samples_);
    if (f.samples_ > 1) {
        f.colour_ms_ = Renderbuffer::create(GL_RGBA8, width, height, f.samples_);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, f.colour_ms_.id());
    } else {
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, f.colour_tex_.id(), 0);
    }
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, f.depth_.id());
    GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    if (status == GL_FRAMEBUFFER_COMPLETE && f.samples_ > 1) {
        GLuint rid = 0;
        glGenFramebuffers(1, &rid);
        f.resolve_fbo_ = detail::GlName<detail::FramebufferTag>(rid);
        glBindFramebuffer(GL_FRAMEBUFFER, rid);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, f.colour_tex_.id(), 0);
        status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    }
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, static_cast<GLuint>(previous_draw));
    glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous_read));
    if (status != GL_FRAMEBUFFER_COMPLETE)
        return gis::make_error(
            gis::ErrorCode::Internal,
            gis::i18n::format(_("the off-screen framebuffer is incomplete (status 0x{0})"), [&] {
                char b[16];
                std::snprintf(b, sizeof b, "%x", status);
                return std::string(b);
            }()));
    return f;
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
    glViewport(0, 0, width_, height_);
}

void Framebuffer::resolve() const {
    if (samples_ <= 1) return;
    glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_.id());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, resolve_fbo_.id());
    glBlitFramebuffer(0, 0, width_, height_, 0, 0, width_, height_, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

std::vector<unsigned char> Framebuffer::read_rgba() const {
    std::vector<unsigned char> px(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, resolved_fbo());
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
    glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    return px;
}

std::string gl_errors() {
    std::string out;
    for (GLenum e = glGetError(); e != GL_NO_ERROR; e = glGetError()) {
        char b[16];
        std::snprintf(b, sizeof b, "0x%x ", e);
        out += b;
    }
    return out;
}

}  // namespace app::render
