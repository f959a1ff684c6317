;;; eglot.el --- bodyclosecheck's language server for Emacs with eglot (1.9 or later)

;; Eglot runs one server per major mode and project, so this makes
;; bodyclosecheck the server of go-mode buffers instead of gopls, for
;; every project. To keep gopls elsewhere and use bodyclosecheck in one
;; project only, put the .dir-locals.el of docs/editors.md in that project
;; instead. Load this file from your init file: (load "/path/to/eglot.el").

(require 'eglot)

(add-to-list 'eglot-server-programs '(go-mode . ("bodyclosecheck" "lsp")))
(add-hook 'go-mode-hook #'eglot-ensure)

;; The quick fix: M-x eglot-code-actions on the finding (with eglot 1.9,
;; eglot-code-action-quickfix does not apply it). Bound here to C-c a.
(with-eval-after-load 'go-mode
  (define-key go-mode-map (kbd "C-c a") #'eglot-code-actions))

;;; eglot.el ends here
