from prikaz.pipeline.cli import main

raise SystemExit(main())
