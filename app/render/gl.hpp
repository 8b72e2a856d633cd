#pragma once
/// @file
/// The one place that includes the OpenGL API: core profile prototypes, no loader (libGL exports them).

#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/glcorearb.h>
