#ifndef DESK_CPAM_SHIM_H
#define DESK_CPAM_SHIM_H

// The system's login check (Linux-PAM), for the one thing the desk asks of it: is this the
// account's own password? Only this file sees pam_appl.h.
#include <security/pam_appl.h>
#include <stdlib.h>
#include <string.h>

// Answers each prompt that hides what is typed with the password, and nothing else.
static int desk_pam_conversation(int count, const struct pam_message **messages,
                                 struct pam_response **responses, void *password) {
    if (count <= 0 || count > PAM_MAX_NUM_MSG) return PAM_CONV_ERR;
    struct pam_response *out = calloc((size_t)count, sizeof *out);
    if (out == NULL) return PAM_BUF_ERR;
    for (int i = 0; i < count; i++) {
        if (messages[i]->msg_style != PAM_PROMPT_ECHO_OFF) continue;
        out[i].resp = strdup((const char *)password);
        if (out[i].resp == NULL) {
            for (int j = 0; j < i; j++) free(out[j].resp);
            free(out);
            return PAM_BUF_ERR;
        }
    }
    *responses = out;
    return PAM_SUCCESS;
}

/// PAM_SUCCESS when `password` is `user`'s by `service`'s auth stack and the account may be used
/// now (its account stack); else the PAM error.
static inline int desk_pam_check(const char *service, const char *user, const char *password) {
    struct pam_conv conversation = {desk_pam_conversation, (void *)password};
    pam_handle_t *handle = NULL;
    int result = pam_start(service, user, &conversation, &handle);
    if (result != PAM_SUCCESS) return result;
    result = pam_authenticate(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
    if (result == PAM_SUCCESS) result = pam_acct_mgmt(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
    pam_end(handle, result);
    return result;
}

#endif
