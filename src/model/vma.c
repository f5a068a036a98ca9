/* model/vma.c: the kind of a mapping (rule in vma.h). */
#include "config.h"
#include "model/vma.h"

#include <string.h>

/* Each in 16 bytes: a table writer may copy a name by one 16-byte word. */
static const char kind_names[VMA_KIND_NR][16] = {
	[VMA_HEAP] = "heap", [VMA_STACK] = "stack", [VMA_ANON] = "anon",
	[VMA_SHMEM] = "shmem", [VMA_FILE] = "file", [VMA_CODE] = "code",
	[VMA_VDSO] = "vdso", [VMA_VVAR] = "vvar", [VMA_VSYSCALL] = "vsyscall",
	[VMA_GUARD] = "guard", [VMA_HUGETLB] = "hugetlb",
	[VMA_SPECIAL] = "special",
};

const char *
vma_kind_name(enum vma_kind k)
{
	return kind_names[k];
}

int
vma_kind_by_name(const char *name)
{
	for (int k = 0; k < VMA_KIND_NR; k++)
		if (strcmp(kind_names[k], name) == 0)
			return k;
	return -1;
}

static bool
starts(const struct vma *v, const char *prefix)
{
	size_t n = strlen(prefix);

	return v->path_len >= n && memcmp(v->path, prefix, n) == 0;
}

static bool
named(const struct vma *v, const char *name)
{
	return v->path_len == strlen(name) && memcmp(v->path, name, v->path_len) == 0;
}

static bool
is_shmem(const struct vma *v)
{
	return named(v, "/dev/zero (deleted)") || starts(v, "/SYSV") ||
	    starts(v, "/memfd:") || starts(v, "[anon_shmem:") ||
	    starts(v, "/dev/shm/") || starts(v, "/dev/ashmem");
}

bool
vma_is_file(const struct vma *v)
{
	return v->path != NULL && v->path[0] == '/' && !is_shmem(v);
}

enum vma_kind
vma_kind(const struct vma *v)
{
	if (v->has_vmflags && (v->vmflags >> VMF_HT & 1))
		return VMA_HUGETLB;
	if (v->perms[0] == '-' && v->perms[1] == '-' && v->perms[2] == '-')
		return VMA_GUARD;
	if (v->path == NULL || starts(v, "[anon:"))
		return VMA_ANON;
	if (named(v, "[heap]"))
		return VMA_HEAP;
	if (named(v, "[stack]") || starts(v, "[stack:"))
		return VMA_STACK;
	if (named(v, "[vdso]"))
		return VMA_VDSO;
	if (named(v, "[vvar]") || named(v, "[vvar_vclock]"))
		return VMA_VVAR;
	if (named(v, "[vsyscall]"))
		return VMA_VSYSCALL;
	if (is_shmem(v))
		return VMA_SHMEM;
	if (v->path[0] == '[')
		return VMA_SPECIAL;
	return v->perms[2] == 'x' ? VMA_CODE : VMA_FILE;
}

bool
vma_uss(const struct vma *v, uint64_t *uss)
{
	if (!smaps_has(v, SMAPS_PRIVATE_CLEAN) ||
	    !smaps_has(v, SMAPS_PRIVATE_DIRTY))
		return false;
	*uss = v->val[SMAPS_PRIVATE_CLEAN] + v->val[SMAPS_PRIVATE_DIRTY];
	return true;
}
