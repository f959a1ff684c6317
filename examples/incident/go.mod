module github.com/bodyclosecheck/bodyclosecheck/examples/incident

go 1.26.0

require github.com/bodyclosecheck/bodyclosecheck v0.0.0

require golang.org/x/image v0.48.0

replace github.com/bodyclosecheck/bodyclosecheck => ../..
