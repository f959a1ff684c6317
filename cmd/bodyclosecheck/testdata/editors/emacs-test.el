;;; emacs-test.el --- drives Emacs and eglot against bodyclosecheck lsp -*- lexical-binding: t -*-
;; Test driver: waits for the finding, applies the quick fix with
;; eglot-code-actions, saves, waits for the finding to clear. It writes one
;; line per step to $BCC_LOG and exits 0, or 1 on a timeout.
(defvar bcc-log-file (getenv "BCC_LOG"))
(defvar bcc-file (expand-file-name (getenv "BCC_FILE")))
(defvar bcc-state 'wait-diagnostic)
(unless (fboundp 'go-mode)
  (define-derived-mode go-mode prog-mode "Go")
  (defvar go-mode-map (make-sparse-keymap))
  (add-to-list 'auto-mode-alist '("\\.go\\'" . go-mode)))
(load (getenv "BCC_CONFIG"))
(when (getenv "BCC_SERVER")  ; the server with its -v log, as the config names it
  (setq eglot-server-programs
        (cons `(go-mode . ("sh" "-c" ,(getenv "BCC_SERVER"))) eglot-server-programs)))
(defun bcc-log (fmt &rest args)
  (with-temp-buffer
    (insert (apply #'format fmt args) "\n")
    (append-to-file (point-min) (point-max) bcc-log-file)))
(defun bcc-step ()
  (let ((buf (get-file-buffer bcc-file)))
    (when buf
      (with-current-buffer buf
        (pcase bcc-state
          ('wait-diagnostic
           (let ((d (car (flymake-diagnostics))))
             (when d
               (bcc-log "DIAGNOSTIC %d: %s" (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-text d))
               (eglot-code-actions (flymake-diagnostic-beg d) (flymake-diagnostic-end d) "quickfix" t)
               (bcc-log "FIX applied: defer on line %s" (save-excursion (goto-char (point-min)) (and (search-forward "defer resp.Body.Close()" nil t) (line-number-at-pos))))
               (save-buffer)
               (bcc-log "SAVED")
               (setq bcc-state 'wait-clear))))
          ('wait-clear
           (unless (flymake-diagnostics)
             (bcc-log "CLEARED")
             (setq bcc-state 'done)
             (if (not (getenv "BCC_EDIT_AFTER_SAVE"))
                 (kill-emacs 0)
               (run-with-timer 2 nil (lambda ()
                                       (with-current-buffer buf
                                         (goto-char (point-max))
                                         (insert "\n// an edit after the save\n")
                                         (bcc-log "EDITED")
                                         (setq bcc-state 'wait-third-analysis)))))))
          ('wait-third-analysis ; the server has analysed the edit: its -v log says so
           (when (>= (bcc-analyses) 3)
             (bcc-log "ANALYSED")
             (kill-emacs 0))))))))

(defun bcc-analyses ()
  "The number of analyses in the server's -v log, $BCC_SERVER_LOG."
  (let ((log (getenv "BCC_SERVER_LOG")))
    (if (not (and log (file-exists-p log)))
        0
      (with-temp-buffer
        (insert-file-contents log)
        (how-many " findings (" (point-min) (point-max))))))
(run-with-timer 1 0.25 #'bcc-step)
(run-with-timer 120 nil (lambda () (bcc-log "FAIL timeout while %s" bcc-state) (kill-emacs 1)))
