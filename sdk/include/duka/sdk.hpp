// duka/sdk.hpp: the whole plugin SDK in one include.
#pragma once

#include "duka/abi.hpp"
#include "duka/database.hpp"
#include "duka/events.hpp"
#include "duka/http.hpp"
#include "duka/http_client.hpp"
#include "duka/metrics.hpp"
#include "duka/money.hpp"
#include "duka/outbox.hpp"
#include "duka/pagination.hpp"
#include "duka/plugin.hpp"
#include "duka/principal.hpp"
#include "duka/router.hpp"
#include "duka/services.hpp"
#include "duka/settings.hpp"
#include "duka/shape.hpp"
#include "duka/sql.hpp"
