-- bodyclosecheck's language server for Neovim 0.7 to 0.10 (0.11 and later
-- have vim.lsp.config and vim.lsp.enable: see docs/editors.md). Load it
-- from init.lua with dofile('/path/to/nvim-0.7.lua'), or paste it there.
-- It starts one server per go.mod root, beside gopls, and attaches every
-- Go buffer of that module to it.
local clients = {} -- go.mod directory -> client id

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'go',
  callback = function(args)
    local dir = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p:h')
    local gomod = vim.fn.findfile('go.mod', dir .. ';')
    if gomod == '' then
      return -- not in a module
    end
    local root = vim.fn.fnamemodify(gomod, ':p:h')
    local id = clients[root]
    if id == nil or vim.lsp.get_client_by_id(id) == nil then
      id = vim.lsp.start_client({
        name = 'bodyclosecheck',
        cmd = { 'bodyclosecheck', 'lsp' },
        root_dir = root,
      })
      clients[root] = id
    end
    if id ~= nil then
      vim.lsp.buf_attach_client(args.buf, id)
    end
    -- Before 0.11 there are no default LSP mappings (gra, ]d): set them.
    local opts = { buffer = args.buf }
    vim.keymap.set('n', '<leader>ca', vim.lsp.buf.code_action, opts)
    vim.keymap.set('n', ']d', vim.diagnostic.goto_next, opts)
    vim.keymap.set('n', '[d', vim.diagnostic.goto_prev, opts)
  end,
})
