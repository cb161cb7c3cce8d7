from difbot.cli import main

raise SystemExit(main())
