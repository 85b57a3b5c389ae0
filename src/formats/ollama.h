/* ollama.h - an ollama model name (llama3.2, qwen2.5:7b, user/model:tag)
 * to the GGUF blob its manifest names, as ollama itself finds it: under
 * $OLLAMA_MODELS, else ~/.ollama/models, else the Linux service's
 * /usr/share/ollama/.ollama/models; manifests/HOST/NAMESPACE/NAME/TAG (JSON)
 * whose layer of mediaType application/vnd.ollama.image.model has the digest
 * sha256:HEX of blobs/sha256-HEX. The manifest is untrusted bytes. */
#ifndef OOMCAST_OLLAMA_H
#define OOMCAST_OLLAMA_H

#include <stddef.h>

/* The model blob's digest in a manifest: 64 lowercase hex digits into hex
 * (65 bytes). 0, or -1 when there is no valid model layer. */
int ollama_manifest_model(const char *json, size_t len, char hex[65]);

/* name to a file path: a name that is a path (holds no ':' and exists, or
 * holds '/' and ends in .gguf) is taken as it is; else the ollama stores
 * are searched. 0, or -1 with a one-line reason in err. */
int ollama_resolve(const char *name, char *path, size_t pathlen, char *err, size_t errlen);

#endif
