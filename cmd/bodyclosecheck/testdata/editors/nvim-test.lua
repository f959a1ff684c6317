-- Drives the editor as a user would: waits for the finding, applies the
-- quick fix, saves, waits for the finding to clear. Prints one line per
-- step; exits 0 on success, 1 on a timeout.
local buf = vim.api.nvim_get_current_buf()
local function say(s) io.stdout:write(s .. '\n') end
local function fail(s) say('FAIL ' .. s); vim.cmd('cquit 1') end
if not vim.wait(90000, function() return #vim.diagnostic.get(buf) > 0 end, 100) then
  fail('no diagnostic')
end
local d = vim.diagnostic.get(buf)[1]
say(string.format('DIAGNOSTIC %d:%d %s [%s]', d.lnum + 1, d.col + 1, d.message, d.source or ''))
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.lnum, character = d.col } }
params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, d.lnum) }
local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 30000) or {}
local action
for _, a in pairs(answers) do
  for _, act in ipairs(a.result or {}) do
    if act.kind == 'quickfix' and act.edit then action = act end
  end
end
if not action then fail('no quick fix') end
vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
say('FIX ' .. action.title)
vim.cmd('write')
say('SAVED')
if not vim.wait(90000, function() return #vim.diagnostic.get(buf) == 0 end, 100) then
  fail('diagnostic did not clear')
end
say('CLEARED')
vim.cmd('qall!')
