module rvjit.test/gotests

go 1.19
