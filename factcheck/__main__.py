from factcheck.cli.main import main

main()
