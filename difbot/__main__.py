from difbot.cli.command import main

raise SystemExit(main())
